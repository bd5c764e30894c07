import { eq } from 'drizzle-orm';
import { requestEvents, requests, type RequestRow } from '../../src/db/schema.js';
import { TRIAGE, VENDOR_CHANNEL, type Harness } from './harness.js';
import { fileRequest, type IntakeFields } from './intake.js';
import { blockActionPayload, checkboxes, plainInput, viewSubmissionPayload, type StateValues } from './slackRequests.js';

export const allText = (x: unknown): string => JSON.stringify(x);

/** Files a request as a vendor and waits until its triage card and receipt are posted. */
export async function fileAndAwaitCard(h: Harness, user: string, fields: IntakeFields): Promise<RequestRow> {
  const { res } = await fileRequest(h, user, fields);
  const ref = /TT02-(\d{4})/.exec(allText(res.body));
  if (!ref) throw new Error(`intake was not accepted: ${allText(res.body)}`);
  const number = Number(ref[1]);
  await awaitLinkedCard(h, ref[0]);
  const row = await awaitStored(h, number);
  if (!row.triageTs || !row.receiptTs) throw new Error(`${ref[0]} has no card or receipt timestamp`);
  return row;
}

/** The card in the triage channel with the receipt's link (posted with it, or updated to add it), in either triage language. */
export async function awaitLinkedCard(h: Harness, ref: string): Promise<void> {
  const linked = (a: Record<string, unknown>) =>
    a.channel === TRIAGE && allText(a.blocks).includes(ref) && /\|(kvittering|receipt)>/.test(allText(a.blocks));
  await Promise.any([h.slack.waitFor('chat.postMessage', linked), h.slack.waitFor('chat.update', linked)]);
}

/** Slack answers a post before the app stores its timestamp: wait for the outbox to record it. */
export async function awaitStored(h: Harness, number: number): Promise<RequestRow> {
  const worker = h.server.worker!;
  for (;;) {
    const next = new Promise((resolve) => worker.events.once('delivered', resolve));
    const row = await byNumber(h, number);
    if (row.triageTs && row.receiptTs) return row;
    await next;
  }
}

export async function byNumber(h: Harness, number: number): Promise<RequestRow> {
  const [row] = await h.db.database.db.select().from(requests).where(eq(requests.number, number));
  return row!;
}

export async function reload(h: Harness, r: { id: string }): Promise<RequestRow> {
  const [row] = await h.db.database.db.select().from(requests).where(eq(requests.id, r.id));
  return row!;
}

export async function eventsOf(h: Harness, r: { id: string }) {
  return h.db.database.db.select().from(requestEvents).where(eq(requestEvents.requestId, r.id)).orderBy(requestEvents.id);
}

/** A click on a card button, as Slack sends it; `shown` is the state the card showed. */
export function clickCard(
  h: Harness,
  o: { user: string; actionId: string; request: RequestRow; shown?: Partial<RequestRow>; extra?: string; channel?: string; team?: string },
) {
  const shown = { ...o.request, ...o.shown };
  const value = JSON.stringify(o.extra !== undefined ? { r: shown.id, s: shown.status, x: o.extra } : { r: shown.id, s: shown.status });
  return h.send.interactive(
    blockActionPayload({
      user: { id: o.user, team_id: o.team ?? 'THOST' },
      channel: o.channel ?? TRIAGE,
      message: { ts: o.request.triageTs ?? '1700000000.000001' },
      action: { action_id: o.actionId, block_id: `card:${o.request.id}`, value },
    }),
  );
}

/** A click on a button in the vendor channel (receipt or thread note). */
export function clickVendorButton(h: Harness, o: { user: string; actionId: string; request: RequestRow; channel?: string }) {
  return h.send.interactive(
    blockActionPayload({
      user: { id: o.user, team_id: 'TVENDOR01' },
      channel: o.channel ?? VENDOR_CHANNEL,
      message: { ts: o.request.receiptTs ?? '1700000000.000002' },
      action: { action_id: o.actionId, block_id: `receipt:${o.request.id}`, value: o.request.id },
    }),
  );
}

/**
 * Waits for the modal opened after a click (`after`: the views.open count before it) and returns its
 * id and view. Under load the app may open it before the click's answer reaches the test: it is then
 * already recorded, and an earlier modal with the same callback id (another request's) must not be taken for it.
 */
export async function awaitModal(h: Harness, callbackId: string, after: number) {
  const call = await h.slack.waitForNew('views.open', after, (a) => (a.view as { callback_id?: string }).callback_id === callbackId);
  const view = call.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
  return { id: (call.response.view as { id: string }).id, view };
}

/** Each modal its own view id, as in Slack: two submitted in the same millisecond are two modals, not one submitted twice. */
let modalsSubmitted = 0;

export function submitModal(
  h: Harness,
  o: { user: string; callbackId: string; privateMetadata: string; values: StateValues; viewId?: string; team?: string },
) {
  return h.send.interactive(
    viewSubmissionPayload({
      user: { id: o.user, team_id: o.team ?? 'THOST' },
      view: { id: o.viewId ?? `V${Date.now()}N${++modalsSubmitted}`, callback_id: o.callbackId, private_metadata: o.privateMetadata, state: { values: o.values } },
    }),
  );
}

export const text = (id: string, value: string): StateValues => ({ [id]: { [id]: plainInput(value) } });
export const ticked = (id: string, value: string): StateValues => ({ [id]: { [id]: checkboxes([value]) } });

/** The latest version of the card (post or update) in the triage channel. */
export function latestCard(h: Harness, r: RequestRow): unknown {
  const stored = h.slack.message(TRIAGE, r.triageTs!);
  return stored?.history.at(-1)?.blocks;
}

/** Waits until the card in the triage channel satisfies `pred`. */
export async function awaitCard(h: Harness, r: RequestRow, pred: (blocksJson: string) => boolean): Promise<string> {
  const now = () => allText(latestCard(h, r));
  if (pred(now())) return now();
  await h.slack.waitFor('chat.update', (a) => a.channel === TRIAGE && a.ts === r.triageTs && pred(allText(a.blocks)));
  return now();
}

/** Waits for a note in the vendor thread whose text satisfies `pred`. */
export function awaitThreadNote(h: Harness, r: RequestRow, pred: (s: string) => boolean) {
  return h.slack.waitFor('chat.postMessage', (a) => a.thread_ts === r.receiptTs && pred(allText(a.blocks)));
}

export function threadNotes(h: Harness, r: RequestRow) {
  return h.slack.callsOf('chat.postMessage').filter((c) => c.args.thread_ts === r.receiptTs && !c.failed);
}

export function ephemeralsTo(h: Harness, user: string) {
  return h.slack.callsOf('chat.postEphemeral').filter((c) => c.args.user === user);
}

/** Drives a request through the Altinn and fødselsnummer steps from the card, as staff would. */
export async function advanceToFnrRegistered(h: Harness, r: RequestRow, staff: string, fnr: string): Promise<RequestRow> {
  let opened = h.slack.callsOf('views.open').length;
  await clickCard(h, { user: staff, actionId: 'card_altinn', request: r });
  if (r.accessType === 'fictitious_enterprise') {
    const m = await awaitModal(h, 'staff_fictitious_org', opened);
    const res = await submitModal(h, { user: staff, callbackId: 'staff_fictitious_org', privateMetadata: m.view.private_metadata, values: text('fictitious_org_number', '991825827') });
    if (res.text !== '') throw new Error(`fictitious step refused: ${res.text}`);
  }
  await awaitCard(h, r, (c) => c.includes('card_register_fnr'));
  const afterAltinn = await reload(h, r);
  if (afterAltinn.status !== 'altinn_done') throw new Error(`Altinn step did not happen: ${afterAltinn.status}`);
  opened = h.slack.callsOf('views.open').length;
  await clickCard(h, { user: staff, actionId: 'card_register_fnr', request: afterAltinn });
  const m = await awaitModal(h, 'staff_register_fnr', opened);
  const res = await submitModal(h, { user: staff, callbackId: 'staff_register_fnr', privateMetadata: m.view.private_metadata, values: text('login_fnr', fnr) });
  if (res.text !== '') throw new Error(`fnr step refused: ${res.text}`);
  return reload(h, r);
}

/** Clicks "Send confirmation" and returns the preview modal. */
export async function openConfirmationPreview(h: Harness, r: RequestRow, staff: string) {
  const opened = h.slack.callsOf('views.open').length;
  await clickCard(h, { user: staff, actionId: 'card_send_confirmation', request: r });
  return awaitModal(h, 'staff_send_confirmation', opened);
}
