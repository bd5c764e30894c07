import type { WebClient } from '@slack/web-api';
import { entryMessage } from './views/entryMessage.js';
import type { SlackDeps } from './deps.js';

/** Posts the "Request TT02 access" message in a vendor channel, and pins it when asked. */
export async function postEntryMessage(
  deps: SlackDeps,
  client: WebClient,
  channelId: string,
  opts: { pin: boolean; notifyUser?: string },
): Promise<void> {
  const msg = entryMessage('nb');
  const posted = await client.chat.postMessage({ channel: channelId, text: msg.text, blocks: msg.blocks });
  if (opts.pin && posted.ts) {
    await client.pins.add({ channel: channelId, timestamp: posted.ts }).catch((err: Error) => {
      // Pinning is a convenience; the message is there either way.
      deps.logger.warn({ channelId, err: err.message }, 'could not pin the entry message');
    });
  }
  deps.logger.info({ channelId, pinned: opts.pin }, 'entry message posted');
}
