import type { RequestRow } from '../../src/db/schema.js';
import { VENDOR_CHANNEL, VENDOR_TEAM, type Harness } from './harness.js';

let tsCounter = 0;

/**
 * Someone writes in a request's thread in the vendor channel: the `message` event Slack sends the
 * app (message.channels), signed like Slack's. `extra` adds or overrides fields (bot_id, subtype, …).
 */
export async function writeInThread(
  h: Harness,
  r: Pick<RequestRow, 'receiptTs'>,
  o: { user: string; text: string; eventId?: string; retryNum?: number; extra?: Record<string, unknown>; channel?: string },
) {
  tsCounter += 1;
  const ts = `${1_800_000_000 + tsCounter}.000100`;
  const event = {
    type: 'message',
    channel: o.channel ?? VENDOR_CHANNEL,
    channel_type: 'channel',
    user: o.user,
    user_team: VENDOR_TEAM,
    text: o.text,
    ts,
    thread_ts: r.receiptTs,
    ...o.extra,
  };
  const res = await h.send.event(event, {
    ...(o.eventId ? { eventId: o.eventId } : {}),
    ...(o.retryNum !== undefined ? { retryNum: o.retryNum, retryReason: 'http_timeout' } : {}),
    isExtSharedChannel: true,
  });
  return { res, ts, event };
}
