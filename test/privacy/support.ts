import { and, eq, sql } from 'drizzle-orm';
import { outbox, requestEvents, type RequestRow } from '../../src/db/schema.js';
import { STAFF, VENDOR_USER, type Harness } from '../support/harness.js';
import { DELEGATION, FICTITIOUS, freshOrgNumber, type IntakeFields } from '../support/intake.js';
import {
  advanceToFnrRegistered,
  awaitCard,
  awaitModal,
  awaitThreadNote,
  clickCard,
  clickVendorButton,
  openConfirmationPreview,
  reload,
  submitModal,
  text,
  ticked,
} from '../support/triage.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const daysFromNow = (n: number) => new Date(Date.now() + n * DAY_MS);

const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(Math.random() * 10))).join('');

/** A contact person and customer whose details occur nowhere else, so a scan for them is meaningful. */
export function uniquePeople() {
  const tag = letters(8);
  const contactMobile = `41${digits(6)}`;
  const customerMobile = `9${digits(7)}`;
  return {
    contactName: `Kari ${tag[0]!.toUpperCase()}${tag.slice(1)}sen`,
    contactEmail: `kari.${tag}@acme.no`,
    contactPhone: `+47${contactMobile}`,
    customerEmail: `post.${tag}@kundebakeri.no`,
    customerPhone: `+47${customerMobile}`,
    fields(kind: 'fictitious' | 'delegation'): IntakeFields {
      const base = kind === 'fictitious' ? FICTITIOUS : DELEGATION;
      return {
        ...base,
        vendor_org_number: freshOrgNumber(),
        contact_name: this.contactName,
        contact_email: this.contactEmail,
        contact_phone: contactMobile,
        ...(kind === 'delegation'
          ? { customer_org_number: freshOrgNumber(), customer_email: this.customerEmail, customer_phone: customerMobile }
          : {}),
      };
    },
  };
}

/** Every row of every table, as text, that contains `needle` (case-insensitive): "table: row". */
export async function rowsContaining(h: Harness, needle: string): Promise<string[]> {
  const db = h.db.database.db;
  const found: string[] = [];
  for (const table of ['requests', 'request_events', 'outbox', 'seen_slack_events']) {
    const res = await db.execute(sql.raw(`select t::text as row from ${table} t`));
    const rows = (Array.isArray(res) ? res : (res as { rows: { row: string }[] }).rows) as { row: string }[];
    for (const r of rows) if (r.row.toLowerCase().includes(needle.toLowerCase())) found.push(`${table}: ${r.row}`);
  }
  return found;
}

/** Waits until the request has no outbox row left to deliver (its effects are done or given up). */
export async function awaitSettled(h: Harness, r: { id: string }): Promise<void> {
  const events = h.server.worker!.events;
  for (;;) {
    let done: () => void = () => undefined;
    const next = new Promise<void>((resolve) => (done = resolve));
    events.once('delivered', done);
    events.once('failed', done);
    const pending = await h.db.database.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.requestId, r.id), eq(outbox.status, 'pending')));
    if (pending.length === 0) {
      events.off('delivered', done);
      events.off('failed', done);
      return;
    }
    await next;
    events.off('delivered', done);
    events.off('failed', done);
  }
}

export async function eventKinds(h: Harness, r: { id: string }): Promise<string[]> {
  const rows = await h.db.database.db.select().from(requestEvents).where(eq(requestEvents.requestId, r.id)).orderBy(requestEvents.id);
  return rows.map((e) => e.kind);
}

/** The Altinn step for customer delegation, then the fødselsnummer, confirming a test identity if asked to. */
export async function registerFnr(h: Harness, r: RequestRow, fnr: string, confirmTestIdentity: boolean): Promise<RequestRow> {
  if (!confirmTestIdentity) return advanceToFnrRegistered(h, r, STAFF, fnr);
  await clickCard(h, { user: STAFF, actionId: 'card_altinn', request: r });
  await awaitCard(h, r, (c) => c.includes('card_register_fnr'));
  const afterAltinn = await reload(h, r);
  const opened = h.slack.callsOf('views.open').length;
  await clickCard(h, { user: STAFF, actionId: 'card_register_fnr', request: afterAltinn });
  const m = await awaitModal(h, 'staff_register_fnr', opened);
  const values = { ...text('login_fnr', fnr), ...ticked('test_identity', 'confirmed_test_identity') };
  const res = await submitModal(h, { user: STAFF, callbackId: 'staff_register_fnr', privateMetadata: m.view.private_metadata, values });
  if (res.text !== '') throw new Error(`fnr step refused: ${res.text}`);
  return reload(h, r);
}

/** Sends the confirmation from the card; resolves once the card says it was sent. */
export async function sendConfirmation(h: Harness, r: RequestRow): Promise<RequestRow> {
  const preview = await openConfirmationPreview(h, r, STAFF);
  const res = await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
  if (res.text !== '') throw new Error(`send confirmation refused: ${res.text}`);
  await awaitCard(h, r, (c) => c.includes(':email: Sendt'));
  return reload(h, r);
}

export async function askAndAnswer(h: Harness, r: RequestRow, question: string, answer: string): Promise<RequestRow> {
  let opened = h.slack.callsOf('views.open').length;
  await clickCard(h, { user: STAFF, actionId: 'card_ask_info', request: r });
  const ask = await awaitModal(h, 'staff_ask_info', opened);
  await submitModal(h, { user: STAFF, callbackId: 'staff_ask_info', privateMetadata: ask.view.private_metadata, values: text('question', question) });
  await awaitThreadNote(h, r, (s) => s.includes('Vi trenger flere opplysninger'));
  opened = h.slack.callsOf('views.open').length;
  await clickVendorButton(h, { user: VENDOR_USER, actionId: 'answer_info', request: await reload(h, r) });
  const modal = await awaitModal(h, 'vendor_answer_info', opened);
  await submitModal(h, { user: VENDOR_USER, team: 'TVENDOR01', callbackId: 'vendor_answer_info', privateMetadata: modal.view.private_metadata, values: text('answer', answer) });
  await awaitCard(h, r, (c) => c.includes('card_altinn'));
  return reload(h, r);
}

export async function reject(h: Harness, r: RequestRow, reason: string): Promise<RequestRow> {
  const opened = h.slack.callsOf('views.open').length;
  await clickCard(h, { user: STAFF, actionId: 'card_reject', request: r });
  const modal = await awaitModal(h, 'staff_reject', opened);
  await submitModal(h, { user: STAFF, callbackId: 'staff_reject', privateMetadata: modal.view.private_metadata, values: text('reason', reason) });
  await awaitCard(h, r, (c) => c.includes('Avvist'));
  return reload(h, r);
}

export async function withdraw(h: Harness, r: RequestRow): Promise<RequestRow> {
  await clickVendorButton(h, { user: VENDOR_USER, actionId: 'withdraw_request', request: r });
  await awaitCard(h, r, (c) => c.includes('Trukket tilbake'));
  return reload(h, r);
}
