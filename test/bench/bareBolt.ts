/**
 * The baseline: a bare Bolt app doing the least Slack allows for each kind of request, in its own
 * process, on the same fake Slack API as the app.
 *
 * - `open_intake` button and `/tt02-access`: ack() + views.open with a small modal;
 * - `tt02_intake` view submission: ack() only (the ack-only baseline);
 * - `card_claim` button: ack() only;
 * - `open_intake_same_modal` button (diagnostic): ack() + views.open with the app's own intake modal,
 *   to tell the cost of that modal's size apart from the app's own work;
 * - `tt02_intake_post` view submission (the user-facing baseline): ack(), then at once the same two
 *   messages the app posts, rendered by the app's own views: the receipt in the submission's channel,
 *   then the card in the triage channel;
 * - `tt02_intake_post_register` view submission (the baseline with the register look-up on): looks the
 *   vendor's organisation number up in Enhetsregisteret (and the customer's, for a delegation) before
 *   acknowledging, as the app does, refuses a number the register does not know, then acks and posts
 *   the same receipt and card, the card showing the register's answer;
 * - `card_claim_update` button: ack(), then at once chat.update of the card showing the assignee.
 *
 * Env: PORT, SLACK_SIGNING_SECRET, SLACK_API_URL (the fake), SLACK_BOT_TOKEN, TRIAGE_CHANNEL_ID,
 * ENHETSREGISTERET_URL (the bench's fake register, register.ts).
 */
import type { ServerResponse } from 'node:http';
import type { ModalView } from '@slack/types';
import { App, LogLevel } from '@slack/bolt';
import type { RegisterSnapshot } from '../../src/app/checkRegister.js';
import type { RequestRow } from '../../src/db/schema.js';
import { isAccessType } from '../../src/domain/intake.js';
import { intakeModal, parseIntakeMetadata, readIntakeValues, type SlackInputValue } from '../../src/slack/views/intakeModal.js';
import { receiptMessage } from '../../src/slack/views/receiptMessage.js';
import { triageCard } from '../../src/slack/views/triageCard.js';
import { requestRow } from '../support/requestRow.js';

const port = Number(process.env.PORT ?? 0);
const token = process.env.SLACK_BOT_TOKEN ?? 'xoxb-bench';
const signingSecret = process.env.SLACK_SIGNING_SECRET ?? '';
const slackApiUrl = process.env.SLACK_API_URL;
const triageChannel = process.env.TRIAGE_CHANNEL_ID ?? 'CTRIAGE01';
const registerUrl = process.env.ENHETSREGISTERET_URL ?? '';

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

/** The request as the app would store it: only what the receipt and the card show. */
let counter = 0;
function requestOf(values: Record<string, Record<string, SlackInputValue>>, userId: string, teamId: string | null, channelId: string, viewId: string): RequestRow {
  const v = readIntakeValues(values);
  const now = new Date();
  counter += 1;
  return requestRow({
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    number: counter,
    accessType: v.access_type && isAccessType(v.access_type) ? v.access_type : 'fictitious_enterprise',
    vendorOrgNumber: (v.vendor_org_number ?? '').replace(/\s/g, ''),
    vendorOrgName: v.vendor_org_name ?? '',
    customerOrgNumber: null,
    customerOrgName: null,
    contactName: v.contact_name ?? '',
    contactEmail: v.contact_email ?? '',
    contactPhone: v.contact_phone ?? '',
    customerEmail: null,
    customerPhone: null,
    productionDataAck: false,
    requesterUserId: userId,
    requesterTeamId: teamId,
    channelId,
    triageChannelId: triageChannel,
    submissionKey: viewId,
    createdAt: now,
    updatedAt: now,
  });
}

/** Cards posted, by ts, to show the assignee on a claim. */
const cards = new Map<string, RequestRow>();

type Values = Record<string, Record<string, SlackInputValue>>;

/** Posts the receipt in the submission's channel, then the card in the triage channel, as the app does. */
async function postReceiptAndCard(client: App['client'], r: RequestRow): Promise<void> {
  const receipt = receiptMessage({ ...r, status: 'submitted', accessType: 'fictitious_enterprise', locale: 'nb' });
  await client.chat.postMessage({ channel: r.channelId, ...receipt, unfurl_links: false, unfurl_media: false });
  const card = triageCard({ request: r, events: [], mail: null }, 'nb');
  const posted = await client.chat.postMessage({ channel: triageChannel, ...card, unfurl_links: false, unfurl_media: false });
  if (posted.ts) cards.set(posted.ts, { ...r, triageTs: posted.ts });
}

app.view('tt02_intake_post', async ({ ack, body, view, client }) => {
  await ack();
  const channelId = parseIntakeMetadata(view.private_metadata)?.channelId ?? '';
  await postReceiptAndCard(client, requestOf(view.state.values as Values, body.user.id, body.user.team_id ?? null, channelId, view.id));
});

/**
 * One look-up, as the app's register client makes it (GET, JSON, bounded like its 1.2 s budget):
 * the enterprise, 'not_found' for 404/410, or undefined when the register did not answer (the app then
 * accepts the request as not verified).
 */
async function lookUp(orgNumber: string): Promise<RegisterSnapshot | 'not_found' | undefined> {
  try {
    const res = await fetch(`${registerUrl}/enheter/${encodeURIComponent(orgNumber)}`, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(1200) });
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      return 'not_found';
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      return undefined;
    }
    const e = (await res.json()) as { navn: string; organisasjonsform?: { kode?: string }; konkurs?: boolean; underAvvikling?: boolean; slettedato?: string };
    if (e.slettedato) return 'not_found';
    return { name: e.navn, orgForm: e.organisasjonsform?.kode ?? null, bankrupt: e.konkurs === true, windingUp: e.underAvvikling === true };
  } catch {
    return undefined;
  }
}

app.view('tt02_intake_post_register', async ({ ack, body, view, client }) => {
  const values = view.state.values as Values;
  const v = readIntakeValues(values);
  const numberOf = (raw: string | undefined | null) => (raw ?? '').replace(/\s/g, '');
  const customer = v.access_type === 'customer_delegation' && v.customer_org_number ? numberOf(v.customer_org_number) : undefined;
  const [vendor, cust] = await Promise.all([lookUp(numberOf(v.vendor_org_number)), customer ? lookUp(customer) : Promise.resolve(undefined)]);
  if (vendor === 'not_found' || cust === 'not_found') {
    await ack({ response_action: 'errors', errors: { [vendor === 'not_found' ? 'vendor_org_number' : 'customer_org_number']: 'Finnes ikke i Enhetsregisteret.' } });
    return;
  }
  await ack();
  const channelId = parseIntakeMetadata(view.private_metadata)?.channelId ?? '';
  const r = requestOf(values, body.user.id, body.user.team_id ?? null, channelId, view.id);
  await postReceiptAndCard(client, { ...r, vendorRegister: vendor ?? null, verification: vendor && (!customer || cust) ? 'verified' : 'not_verified' });
});

app.action('card_claim_update', async ({ ack, body, client }) => {
  await ack();
  const b = body as { user: { id: string }; message?: { ts?: string }; channel?: { id?: string } };
  const ts = b.message?.ts ?? '';
  const r = cards.get(ts);
  if (!r) return;
  const claimed = { ...r, assigneeUserId: b.user.id };
  cards.set(ts, claimed);
  await client.chat.update({ channel: b.channel?.id ?? triageChannel, ts, ...triageCard({ request: claimed, events: [], mail: null }, 'nb') });
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
