import { describe, expect, it } from 'vitest';
import type { RequestEventRow, RequestRow } from '../../../src/db/schema.js';
import { intakeModal } from '../../../src/slack/views/intakeModal.js';
import { receiptMessage } from '../../../src/slack/views/receiptMessage.js';
import { answerInfoModal, rejectModal } from '../../../src/slack/views/staffModals.js';
import { triageCard } from '../../../src/slack/views/triageCard.js';
import { vendorNoteMessage } from '../../../src/slack/views/vendorNote.js';
import { requestRow } from '../../support/requestRow.js';

/** Walks a message or view and reports every value that breaks one of Slack's hard limits. */
function limitViolations(x: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string, parentType?: string) => {
    if (Array.isArray(v)) return v.forEach((e, i) => walk(e, `${path}[${i}]`, parentType));
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const text = typeof o.text === 'string' ? o.text : undefined;
    if (o.type === 'header' && ((o.text as { text: string }).text.length > 150)) out.push(`${path}: header > 150`);
    if (o.type === 'section' && (o.text as { text?: string } | undefined)?.text && (o.text as { text: string }).text.length > 3000) out.push(`${path}: section > 3000`);
    if (o.type === 'section' && Array.isArray(o.fields)) {
      if (o.fields.length > 10) out.push(`${path}: > 10 fields`);
      for (const f of o.fields as { text: string }[]) if (f.text.length > 2000) out.push(`${path}: field > 2000`);
    }
    if (o.type === 'button') {
      if ((o.text as { text: string }).text.length > 75) out.push(`${path}: button text > 75`);
      if (typeof o.value === 'string' && o.value.length > 2000) out.push(`${path}: button value > 2000`);
    }
    if (o.type === 'actions' && Array.isArray(o.elements) && o.elements.length > 25) out.push(`${path}: > 25 elements`);
    for (const id of ['block_id', 'action_id', 'callback_id'] as const) {
      if (typeof o[id] === 'string' && (o[id] as string).length > 255) out.push(`${path}: ${id} > 255`);
    }
    if (parentType === 'options' && text && text.length > 75) out.push(`${path}: option text > 75`);
    for (const [k, child] of Object.entries(o)) walk(child, `${path}.${k}`, k === 'options' ? 'options' : parentType === 'options' && k === 'text' ? 'options' : undefined);
  };
  walk(x, '$');
  return out;
}

const long = (n: number, s = 'Æ<&>') => s.repeat(Math.ceil(n / s.length)).slice(0, n);

const request = (over: Partial<RequestRow> = {}): RequestRow =>
  requestRow({
    number: 9999,
    status: 'needs_info',
    pausedFrom: 'altinn_done',
    vendorOrgName: long(200),
    vendorRegister: { name: long(200, 'X'), orgForm: 'AS', bankrupt: true, windingUp: true },
    customerOrgName: long(200),
    customerRegister: { name: long(200, 'Y'), orgForm: 'AS', bankrupt: false, windingUp: true },
    verification: 'not_verified',
    contactName: long(200),
    contactEmail: `${'a'.repeat(64)}@${'b'.repeat(180)}.no`,
    customerEmail: `${'c'.repeat(64)}@${'d'.repeat(180)}.no`,
    receiptTs: '1700000000.000100',
    receiptPermalink: 'https://example.slack.com/archives/CVENDOR01/p1700000000000100',
    triageChannelId: 'CTRIAGE01',
    triageTs: '1700000000.000200',
    triagePermalink: 'https://example.slack.com/archives/CTRIAGE01/p1700000000000200',
    assigneeUserId: 'USTAFF001',
    fictitiousOrgNumber: '991825827',
    loginFnr: '15819000066',
    loginFnrKind: 'synthetic',
    openQuestion: long(2000),
    lastAnswer: long(2000),
    lastVendorReply: long(2000),
    rejectionReason: long(2000),
    feedback: 'down',
    feedbackComment: long(300),
    feedbackUserId: 'UVENDOR01',
    feedbackAt: new Date(),
    ...over,
  });

const events = (n: number): RequestEventRow[] =>
  Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    requestId: request().id,
    at: new Date(),
    kind: 'claimed',
    actorUserId: 'USTAFF001',
    actorTeamId: 'THOST',
    fromStatus: null,
    toStatus: null,
    details: {},
  }));

describe('Block Kit stays within Slack’s hard limits, whatever users type', () => {
  it('the triage card with every field at its maximum length and a long history', () => {
    const failedMails = (['rejection', 'question', 'customer'] as const).map((kind, i) => ({ kind, outboxId: i + 2, error: long(5000) }));
    const card = triageCard({ request: request(), events: events(200), mail: { state: 'failing', error: long(5000), outboxId: 1 }, failedMails }, 'nb');
    expect(card.blocks.length).toBeLessThanOrEqual(50);
    expect(limitViolations(card.blocks)).toEqual([]);
  });

  it('the intake modal in both languages and both access types, with long typed values', () => {
    for (const locale of ['nb', 'en'] as const) {
      for (const accessType of ['fictitious_enterprise', 'customer_delegation']) {
        const view = intakeModal({ channelId: 'CVENDOR01', locale }, { access_type: accessType, vendor_org_name: long(200), production_data_ack: true }, { registerOn: true });
        expect(view.blocks.length).toBeLessThanOrEqual(100);
        expect(view.title.text.length).toBeLessThanOrEqual(24);
        expect(view.submit!.text.length).toBeLessThanOrEqual(24);
        expect(view.private_metadata!.length).toBeLessThanOrEqual(3000);
        expect(limitViolations(view)).toEqual([]);
      }
    }
  });

  it('staff modals, the receipt and every vendor note, with text at its maximum', () => {
    const r = request();
    for (const locale of ['nb', 'en'] as const) {
      expect(limitViolations(answerInfoModal(r, locale))).toEqual([]);
      expect(limitViolations(rejectModal(r, locale))).toEqual([]);
      expect(limitViolations(receiptMessage({ ...r, status: 'submitted', accessType: 'customer_delegation', locale }).blocks)).toEqual([]);
      for (const note of [
        { kind: 'needs_info' as const, question: long(2000) },
        { kind: 'rejected' as const, reason: long(2000) },
        { kind: 'confirmation_sent' as const, recipientName: long(200) },
      ]) {
        expect(limitViolations(vendorNoteMessage(note, { id: r.id, accessType: 'customer_delegation', locale }).blocks)).toEqual([]);
      }
    }
  });
});
