/**
 * The baseline: a bare Bolt app doing the least Slack allows for each kind of request, in its own
 * process, on the same fake Slack API as the app.
 *
 * - `open_intake` button and `/tt02-access`: ack() + views.open with a small modal;
 * - `tt02_intake` view submission: ack() only (the ack-only baseline);
 * - `card_claim` button: ack() only;
 * - `open_intake_same_modal` button (diagnostic): ack() + views.open with the app's own intake modal,
 *   to tell the cost of that modal's size apart from the app's own work.
 *
 * Env: PORT, SLACK_SIGNING_SECRET, SLACK_API_URL (the fake), SLACK_BOT_TOKEN.
 */
import type { ServerResponse } from 'node:http';
import type { ModalView } from '@slack/types';
import { App, LogLevel } from '@slack/bolt';
import { intakeModal } from '../../src/slack/blocks/intakeModal.js';

const port = Number(process.env.PORT ?? 0);
const token = process.env.SLACK_BOT_TOKEN ?? 'xoxb-bench';
const signingSecret = process.env.SLACK_SIGNING_SECRET ?? '';
const slackApiUrl = process.env.SLACK_API_URL;

const modal: ModalView = {
  type: 'modal',
  callback_id: 'tt02_intake',
  title: { type: 'plain_text', text: 'TT02' },
  submit: { type: 'plain_text', text: 'Send' },
  close: { type: 'plain_text', text: 'Avbryt' },
  blocks: [
    {
      type: 'input',
      block_id: 'vendor_org_number',
      label: { type: 'plain_text', text: 'Organisasjonsnummer' },
      element: { type: 'plain_text_input', action_id: 'vendor_org_number' },
    },
  ],
};

const app = new App({
  token,
  signingSecret,
  logLevel: LogLevel.WARN,
  ...(slackApiUrl ? { clientOptions: { slackApiUrl } } : {}),
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"ok"}');
      },
    },
  ],
});

app.action('open_intake', async ({ ack, body, client }) => {
  await ack();
  await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view: modal });
});

// The app's intake modal, as an object (the usual way to call views.open).
const sameModal = intakeModal({ channelId: 'CVENDOR01', locale: 'nb' }, {}, { registerOn: false });
app.action('open_intake_same_modal', async ({ ack, body, client }) => {
  await ack();
  await client.views.open({ trigger_id: (body as { trigger_id: string }).trigger_id, view: sameModal });
});

app.command('/tt02-access', async ({ ack, command, client }) => {
  await ack();
  await client.views.open({ trigger_id: command.trigger_id, view: modal });
});

app.view('tt02_intake', async ({ ack }) => {
  await ack();
});

app.action('card_claim', async ({ ack }) => {
  await ack();
});

async function main(): Promise<void> {
  await app.start(port);
  process.send?.({ type: 'ready', port });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.once('disconnect', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`bare Bolt failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
