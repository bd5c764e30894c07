/**
 * A vendor in a Teams shared channel (another tenant), for the tests of either pairing: Teams vendor
 * with Teams staff (vendorTeams.test.ts) and Teams vendor with Slack staff (vendorTeamsSlackStaff.test.ts).
 * Every call is a signed activity to the app's /api/messages, as Teams sends it.
 */
import { randomUUID } from 'node:crypto';
import type { RequestRow } from '../../src/db/schema.js';
import { freshOrgNumber } from '../support/intake.js';
import type { TeamsTriageHarness } from '../support/teamsTriageHarness.js';
import { byNumber } from '../support/triage.js';
import { invokeActivity, OTHER_TENANT_ID, postActivity, type CardJson, type InvokeAnswer, type TeamsUser } from './support.js';

export const VENDOR_CONV = '19:vendorshared01@thread.tacv2';
export const VERA: TeamsUser = { id: '29:vendor-vera', name: 'Vera Leverandør', aad: 'cccccccc-0000-4000-8000-000000000001', locale: 'en-US', tenant: OTHER_TENANT_ID };

export const dialogCard = (body: unknown): CardJson => (body as { task: { value: { card: { content: CardJson } } } }).task.value.card.content;
export const dialogText = (body: unknown): string => JSON.stringify(body);
/** The submit data of a dialog (a task module answer) for `verb`, found wherever the card holds it. */
export function submitDataOf(body: unknown, verb: string): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  JSON.stringify(body, (_k, v: unknown) => {
    if (v && typeof v === 'object' && (v as { verb?: unknown }).verb === verb) found.push(v as Record<string, unknown>);
    return v;
  });
  if (!found[0]) throw new Error(`no submit data for ${verb} in ${JSON.stringify(body)}`);
  return found[0];
}
/** The receipt's reply chain: the request's thread in Teams. */
export const chainOf = (r: Pick<RequestRow, 'receiptTs'>): string => `${VENDOR_CONV};messageid=${r.receiptTs}`;

/** An invoke from the vendor's channel (task/fetch, task/submit, adaptiveCard/action). */
export const vendorInvoke = (h: TeamsTriageHarness, name: string, value: unknown, who: TeamsUser = VERA): Promise<InvokeAnswer> =>
  postActivity(h, h.teams, invokeActivity(h.teams, name, value, who, { conversationId: VENDOR_CONV }));

/** A round trip of the intake dialog (`op`: submit, lang, check, update) with the dialog's inputs. */
export const intake = (h: TeamsTriageHarness, op: string, l: 'nb' | 'en', k: string, values: Record<string, unknown>): Promise<InvokeAnswer> =>
  vendorInvoke(h, 'task/submit', { data: { verb: 'vendor_intake', op, l, k, ...values } });

/** A message the vendor writes in a conversation (a reply chain's id carries `;messageid=`). */
export function vendorMessage(h: TeamsTriageHarness, conversationId: string, html: string, o: { id?: string; entities?: unknown[] } = {}): Promise<InvokeAnswer> {
  const activity = {
    ...invokeActivity(h.teams, 'x', undefined, VERA, { conversationId: VENDOR_CONV }),
    type: 'message',
    name: undefined,
    value: undefined,
    id: o.id ?? String(Date.now()),
    text: html,
    conversation: { id: conversationId, conversationType: 'channel', tenantId: OTHER_TENANT_ID },
    ...(o.entities ? { entities: o.entities } : {}),
  };
  return postActivity(h, h.teams, activity);
}

export const fictitious = () => ({
  vendor_org_number: freshOrgNumber(),
  vendor_org_name: 'Acme Regnskap AS',
  contact_name: 'Kari Nordmann',
  contact_email: 'kari@acme.no',
  contact_phone: '+47 412 34 567',
  access_type: 'fictitious_enterprise',
});

/** Submits the intake dialog and waits until the receipt and the triage card are posted and stored. */
export async function fileInTeams(h: TeamsTriageHarness, values: Record<string, unknown>): Promise<RequestRow> {
  const res = await intake(h, 'submit', 'en', randomUUID(), values);
  const m = /TT02-(\d{4})/.exec(dialogText(res.body));
  if (!m) throw new Error(`not accepted: ${dialogText(res.body)}`);
  const number = Number(m[1]);
  const worker = h.server.worker!;
  for (;;) {
    const next = new Promise((resolve) => worker.events.once('delivered', resolve));
    const row = await byNumber(h, number);
    if (row.triageTs && row.receiptTs) return row;
    await next;
  }
}
