import { asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ports } from '../../src/app/ports.js';
import {
  answerInformation,
  askForInformation,
  claimRequest,
  recordAltinnStep,
  registerLoginFnr,
  rejectRequest,
  sendConfirmation,
  withdrawRequest,
} from '../../src/app/staffSteps.js';
import { outbox, requestEvents, requests, type NewRequestRow } from '../../src/db/schema.js';
import type { AccessType } from '../../src/domain/intake.js';
import { ACTIONS, type Action, type Status } from '../../src/domain/lifecycle.js';
import { stepEffects, type StepEffect } from '../../src/domain/stepEffects.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { generate } from '../support/fnr.js';

let t: TestDatabase;
let ports: Ports;
beforeAll(async () => {
  t = await openTestDatabase();
  ports = { db: t.database.db, outboxNotify: () => {} };
});
afterAll(() => t.drop());

const STAFF = { userId: 'USTAFF001', teamId: 'T1' };

/**
 * What each of the domain's effect names must become in the outbox, written out here on purpose:
 * the test compares the rows a real step writes with this reading of the domain's list.
 */
const OUTBOX_OF: Record<StepEffect, string> = {
  card_update: 'slack.card.update',
  note_altinn_done: 'slack.vendor.note/altinn_done',
  note_fnr_registered: 'slack.vendor.note/fnr_registered',
  note_needs_info: 'slack.vendor.note/needs_info',
  note_resumed: 'slack.vendor.note/resumed',
  note_rejected: 'slack.vendor.note/rejected',
  note_withdrawn: 'slack.vendor.note/withdrawn',
  question_mail: 'mail.question',
  rejection_mail: 'mail.rejection',
  confirmation_mail: 'mail.confirmation',
  customer_mail: 'mail.customer',
  receipt_post: 'slack.receipt.post',
  card_post: 'slack.card.post',
};

let n = 0;
async function insertRequest(status: Status, accessType: AccessType, extra: Partial<NewRequestRow> = {}): Promise<string> {
  n++;
  const [row] = await t.database.db
    .insert(requests)
    .values({
      status,
      accessType,
      vendorOrgNumber: `9${String(n).padStart(8, '0')}`,
      vendorOrgName: 'Acme AS',
      ...(accessType === 'customer_delegation' ? { customerOrgNumber: '974760673', customerOrgName: 'Kundebakeri AS' } : {}),
      contactName: 'Kari Nordmann',
      contactEmail: 'kari@acme.no',
      contactPhone: '+4741234567',
      requesterUserId: 'UVENDOR01',
      channelId: 'CVENDOR01',
      submissionKey: `step-effects-${n}`,
      ...extra,
    })
    .returning({ id: requests.id });
  return row!.id;
}

/** The outbox rows a request has, in the order they were written: kind, and a vendor note's kind. */
async function outboxOf(requestId: string): Promise<string[]> {
  const rows = await t.database.db.select().from(outbox).where(eq(outbox.requestId, requestId)).orderBy(asc(outbox.id));
  return rows.map((r) => {
    const note = r.kind === 'slack.vendor.note' && typeof r.payload === 'object' && r.payload !== null && 'kind' in r.payload ? r.payload.kind : null;
    return note ? `${r.kind}/${String(note)}` : r.kind;
  });
}

interface Case {
  name: string;
  action: Action;
  status: Status;
  accessType: AccessType;
  extra?: Partial<NewRequestRow>;
  run: (requestId: string) => Promise<{ kind: string }>;
}

const fnr = generate('208190', 0, 100);
const CASES: Case[] = [
  { name: 'claim', action: 'claim', status: 'submitted', accessType: 'fictitious_enterprise', run: (id) => claimRequest(ports, { requestId: id, actor: STAFF, expectedAssignee: null }) },
  { name: 'record_altinn', action: 'record_altinn', status: 'submitted', accessType: 'customer_delegation', run: (id) => recordAltinnStep(ports, { requestId: id, actor: STAFF }) },
  { name: 'register_fnr', action: 'register_fnr', status: 'altinn_done', accessType: 'fictitious_enterprise', run: (id) => registerLoginFnr(ports, { requestId: id, actor: STAFF, fnr, confirmedTestIdentity: false }) },
  { name: 'ask_info', action: 'ask_info', status: 'altinn_done', accessType: 'fictitious_enterprise', run: (id) => askForInformation(ports, { requestId: id, actor: STAFF, question: 'Hvilket miljø gjelder det?' }) },
  { name: 'answer_info', action: 'answer_info', status: 'needs_info', accessType: 'fictitious_enterprise', extra: { pausedFrom: 'submitted', openQuestion: 'Hvilket?' }, run: (id) => answerInformation(ports, { requestId: id, actor: { userId: 'UVENDOR01' }, answer: 'TT02.' }) },
  { name: 'reject', action: 'reject', status: 'submitted', accessType: 'customer_delegation', run: (id) => rejectRequest(ports, { requestId: id, actor: STAFF, reason: 'Ikke aktuelt.' }) },
  { name: 'withdraw', action: 'withdraw', status: 'needs_info', accessType: 'fictitious_enterprise', extra: { pausedFrom: 'submitted' }, run: (id) => withdrawRequest(ports, { requestId: id, actor: { userId: 'UVENDOR01' }, actorIsStaff: false }) },
  { name: 'send_confirmation, fictitious enterprise', action: 'send_confirmation', status: 'fnr_registered', accessType: 'fictitious_enterprise', extra: { loginFnr: fnr, loginFnrKind: 'synthetic' }, run: (id) => sendConfirmation(ports, { requestId: id, actor: STAFF }) },
  { name: 'send_confirmation, customer delegation with the customer’s email', action: 'send_confirmation', status: 'fnr_registered', accessType: 'customer_delegation', extra: { loginFnr: fnr, loginFnrKind: 'synthetic', customerEmail: 'post@kundebakeri.no' }, run: (id) => sendConfirmation(ports, { requestId: id, actor: STAFF }) },
  { name: 'send_confirmation, customer delegation with the contact person’s own address as the customer’s', action: 'send_confirmation', status: 'fnr_registered', accessType: 'customer_delegation', extra: { loginFnr: fnr, loginFnrKind: 'synthetic', customerEmail: 'Kari@acme.no' }, run: (id) => sendConfirmation(ports, { requestId: id, actor: STAFF }) },
  { name: 'send_confirmation, customer delegation without the customer’s email', action: 'send_confirmation', status: 'fnr_registered', accessType: 'customer_delegation', extra: { loginFnr: fnr, loginFnrKind: 'synthetic' }, run: (id) => sendConfirmation(ports, { requestId: id, actor: STAFF }) },
];

describe('a lifecycle step writes exactly the outbox rows the domain says it causes', () => {
  it('every action has a case here', () => {
    expect(new Set(CASES.map((c) => c.action))).toEqual(new Set(ACTIONS));
  });

  it.each(CASES)('$name: the rows written are the domain’s effects for it', async (c) => {
    const id = await insertRequest(c.status, c.accessType, c.extra);
    expect(await c.run(id)).toMatchObject({ kind: 'ok' });
    const ctx = { accessType: c.accessType, contactEmail: 'kari@acme.no', customerEmail: c.extra?.customerEmail ?? null };
    expect(await outboxOf(id)).toEqual(stepEffects(c.action, ctx).map((e) => OUTBOX_OF[e]));
  });
});

describe('what each step causes (a change here is a change in behaviour)', () => {
  const fictitious = { accessType: 'fictitious_enterprise', contactEmail: 'kari@acme.no', customerEmail: null } as const;
  it.each([
    ['claim', ['card_update']],
    ['record_altinn', ['card_update', 'note_altinn_done']],
    ['register_fnr', ['card_update', 'note_fnr_registered']],
    ['ask_info', ['card_update', 'note_needs_info', 'question_mail']],
    ['answer_info', ['card_update', 'note_resumed']],
    ['reject', ['card_update', 'note_rejected', 'rejection_mail']],
    ['withdraw', ['card_update', 'note_withdrawn']],
    ['send_confirmation', ['card_update', 'confirmation_mail']],
  ] as const)('%s causes %j', (action, effects) => {
    expect(stepEffects(action, fictitious)).toEqual(effects);
  });

  it('the customer gets an email only for a customer delegation with the customer’s own address', () => {
    const contactEmail = 'kari@acme.no';
    const customer = (accessType: AccessType, customerEmail: string | null) => stepEffects('send_confirmation', { accessType, contactEmail, customerEmail });
    expect(customer('customer_delegation', 'post@kundebakeri.no')).toContain('customer_mail');
    expect(customer('customer_delegation', null)).not.toContain('customer_mail');
    expect(customer('fictitious_enterprise', 'post@kundebakeri.no')).not.toContain('customer_mail');
    // The contact person's own address (as typed, in any case): the confirmation already reaches them.
    expect(customer('customer_delegation', 'kari@acme.no')).not.toContain('customer_mail');
    expect(customer('customer_delegation', 'Kari@Acme.no')).not.toContain('customer_mail');
  });
});

describe('a claim is a lifecycle step like the others', () => {
  const counting = () => {
    let notified = 0;
    const p: Ports = { db: t.database.db, outboxNotify: () => void (notified += 1) };
    return { p, notified: () => notified };
  };
  const eventsOf = (id: string) =>
    t.database.db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(asc(requestEvents.id));

  it('assigns the request, audits it without a status change, queues the card update and then tells the outbox', async () => {
    const c = counting();
    const id = await insertRequest('submitted', 'fictitious_enterprise');
    const result = await claimRequest(c.p, { requestId: id, actor: STAFF, expectedAssignee: null, expectedStatus: 'submitted' });
    expect(result).toMatchObject({ kind: 'ok', takenOverFrom: null, request: { assigneeUserId: STAFF.userId, status: 'submitted' } });
    expect((await eventsOf(id)).map((e) => [e.kind, e.actorUserId, e.fromStatus, e.toStatus])).toEqual([['claimed', STAFF.userId, null, null]]);
    const rows = await t.database.db.select().from(outbox).where(eq(outbox.requestId, id));
    expect(rows.map((r) => [r.kind, r.attempts, r.leaseToken])).toEqual([['slack.card.update', 0, null]]);
    expect(c.notified()).toBe(1);
  });

  it('takes over only from the assignee the card showed; a card that showed someone else, or nobody, is stale', async () => {
    const c = counting();
    const id = await insertRequest('altinn_done', 'fictitious_enterprise', { assigneeUserId: 'UOTHER' });
    expect(await claimRequest(c.p, { requestId: id, actor: STAFF, expectedAssignee: null })).toMatchObject({ kind: 'stale' });
    expect(await claimRequest(c.p, { requestId: id, actor: STAFF, expectedAssignee: 'UTHIRD' })).toMatchObject({ kind: 'stale' });
    expect(await claimRequest(c.p, { requestId: id, actor: STAFF, expectedAssignee: 'UOTHER', expectedStatus: 'altinn_done' })).toMatchObject({
      kind: 'ok',
      takenOverFrom: 'UOTHER',
    });
    // Clicked again on the card that still showed the colleague, or on one that shows oneself: it is already theirs.
    expect(await claimRequest(c.p, { requestId: id, actor: STAFF, expectedAssignee: 'UOTHER' })).toMatchObject({ kind: 'already_yours' });
    expect(await claimRequest(c.p, { requestId: id, actor: STAFF, expectedAssignee: STAFF.userId })).toMatchObject({ kind: 'already_yours' });
    expect((await eventsOf(id)).map((e) => [e.kind, e.details])).toEqual([['taken_over', { from: 'UOTHER' }]]);
    expect(c.notified()).toBe(1);
  });

  it('refuses a closed request, or a card that showed another status', async () => {
    const closed = await insertRequest('completed', 'fictitious_enterprise');
    expect(await claimRequest(ports, { requestId: closed, actor: STAFF, expectedAssignee: null })).toMatchObject({ kind: 'stale' });
    const moved = await insertRequest('altinn_done', 'fictitious_enterprise');
    expect(await claimRequest(ports, { requestId: moved, actor: STAFF, expectedAssignee: null, expectedStatus: 'submitted' })).toMatchObject({ kind: 'stale' });
    expect(await claimRequest(ports, { requestId: moved, actor: STAFF, expectedAssignee: null, expectedStatus: 'no-such-status' })).toMatchObject({ kind: 'stale' });
    expect(await claimRequest(ports, { requestId: '00000000-0000-4000-8000-000000000000', actor: STAFF, expectedAssignee: null })).toEqual({ kind: 'not_found' });
    expect(await t.database.db.select().from(requestEvents).where(inArray(requestEvents.requestId, [closed, moved]))).toEqual([]);
  });
});
