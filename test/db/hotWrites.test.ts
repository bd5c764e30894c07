import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ports } from '../../src/app/ports.js';
import { intakePrefill } from '../../src/app/queries.js';
import { claimRequest, recordAltinnStep } from '../../src/app/staffSteps.js';
import { submitRequest, type SubmitCommand, type SubmitResult } from '../../src/app/submitRequest.js';
import { findChannelPrefillRows } from '../../src/db/repositories/requests.js';
import { outbox, requestEvents, requests } from '../../src/db/schema.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { FICTITIOUS, freshOrgNumber } from '../support/intake.js';

let t: TestDatabase;
let ports: Ports;
let notified = 0;
beforeAll(async () => {
  t = await openTestDatabase();
  ports = { db: t.database.db, outboxNotify: () => void (notified += 1) };
});
afterAll(async () => {
  await t.drop();
});

let seq = 0;
/** A vendor's submission of its own modal (a fresh view id), for a new vendor unless told otherwise. */
function submission(over: { vendor?: string; channelId?: string; userId?: string; contactName?: string } = {}): SubmitCommand {
  seq += 1;
  return {
    input: { ...FICTITIOUS, vendor_org_number: over.vendor ?? freshOrgNumber(), contact_name: over.contactName ?? FICTITIOUS.contact_name },
    submissionKey: `V-hot-${seq}`,
    requester: { userId: over.userId ?? `UV${seq}`, teamId: 'TVENDOR01' },
    channelId: over.channelId ?? 'CVENDOR01',
    locale: 'nb',
  };
}

const numberOf = (r: SubmitResult) => (r.kind === 'created' || r.kind === 'already_submitted' ? r.request.number : undefined);

async function rowsFor(requestId: string) {
  const db = t.database.db;
  const events = await db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId)).orderBy(asc(requestEvents.id));
  const queued = await db.select().from(outbox).where(eq(outbox.requestId, requestId)).orderBy(asc(outbox.id));
  return { events, queued };
}

describe('submissions arriving together', () => {
  it('stores each with its own event and outbox rows, and refuses repeats and open duplicates one by one', async () => {
    const distinct = Array.from({ length: 20 }, () => submission());
    const repeatedView = { ...distinct[3]! };
    const samePair = submission({ vendor: distinct[7]!.input.vendor_org_number! });
    const results = await Promise.all([...distinct, repeatedView, samePair].map((s) => submitRequest(ports, s)));

    const kinds = results.map((r) => r.kind);
    // Whichever of a pair commits first is the one stored; the other learns of it.
    expect(kinds.filter((k) => k === 'created')).toHaveLength(20);
    expect([kinds[3], kinds[20]].sort()).toEqual(['already_submitted', 'created']);
    expect(numberOf(results[3]!)).toBe(numberOf(results[20]!));
    expect([kinds[7], kinds[21]].sort()).toEqual(['created', 'duplicate']);

    const stored = await t.database.db.select().from(requests).where(sql`${requests.submissionKey} like 'V-hot-%'`);
    expect(stored).toHaveLength(20);
    for (const row of stored) {
      const { events, queued } = await rowsFor(row.id);
      expect(events.map((e) => [e.kind, e.actorUserId, e.toStatus])).toEqual([['submitted', row.requesterUserId, 'submitted']]);
      expect(queued.map((q) => [q.kind, q.dedupeKey])).toEqual([
        ['slack.receipt.post', `receipt:${row.id}`],
        ['slack.card.post', `card-post:${row.id}`],
      ]);
    }
    // The references have no gaps, however the submissions raced.
    const numbers = stored.map((r) => r.number).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
  });

  it('an open request for the same pair in another channel gets a card update; the new one is stored', async () => {
    const vendor = freshOrgNumber();
    const first = await submitRequest(ports, submission({ vendor, channelId: 'COTHER01' }));
    const second = await submitRequest(ports, submission({ vendor, channelId: 'CVENDOR02' }));
    expect(second.kind).toBe('created');
    const firstId = first.kind === 'created' ? first.request.id : '';
    const secondId = second.kind === 'created' ? second.request.id : '';
    expect((await rowsFor(firstId)).queued.map((q) => q.dedupeKey)).toContain(`card-update:${firstId}:overlap:${secondId}`);
  });
});

describe('references without gaps', () => {
  it('refused duplicates and repeats take no number: the next request gets the next one', async () => {
    const vendor = freshOrgNumber();
    const first = await submitRequest(ports, submission({ vendor }));
    expect(first.kind).toBe('created');
    expect((await submitRequest(ports, submission({ vendor }))).kind).toBe('duplicate');
    expect((await submitRequest(ports, submission({ vendor }))).kind).toBe('duplicate');
    const next = await submitRequest(ports, submission());
    expect(numberOf(next)).toBe(numberOf(first)! + 1);
  });

  it('a view submitted many times at once is one request, and the next request follows it', async () => {
    const s = submission();
    const results = await Promise.all(Array.from({ length: 8 }, () => submitRequest(ports, s)));
    expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
    expect(new Set(results.map(numberOf)).size).toBe(1);
    const next = await submitRequest(ports, submission());
    expect(numberOf(next)).toBe(numberOf(results[0]!)! + 1);
  });

  it('a submission the database refuses takes no number', async () => {
    const before = await submitRequest(ports, submission());
    // A NOT NULL broken by the insert, after the number was taken: all of it rolls back.
    await expect(submitRequest(ports, { ...submission(), requester: { userId: null as unknown as string } })).rejects.toThrow();
    const after = await submitRequest(ports, submission());
    expect(numberOf(after)).toBe(numberOf(before)! + 1);
  });
});

describe('clicks arriving together', () => {
  const created = async () => {
    const r = await submitRequest(ports, submission());
    if (r.kind !== 'created') throw new Error(r.kind);
    return r.request.id;
  };

  it('claims each card once, with one audit event and one card update each; a rival claim on the same card finds it taken', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, created));
    const claims = ids.map((id, i) => claimRequest(ports, { requestId: id, actor: { userId: `USTAFF${i % 2}` }, expectedAssignee: null, expectedStatus: 'submitted' }));
    // Someone else clicks Claim on the first card at the same moment, from the same unassigned card.
    const rival = claimRequest(ports, { requestId: ids[0]!, actor: { userId: 'USTAFF9' }, expectedAssignee: null, expectedStatus: 'submitted' });
    const [outcomes, lost] = await Promise.all([Promise.all(claims), rival]);
    const winners = [...outcomes, lost].filter((o) => o.kind === 'ok');
    expect(winners).toHaveLength(8);
    expect(outcomes[0]!.kind === 'ok' ? lost.kind : outcomes[0]!.kind).toBe('stale');

    for (const id of ids) {
      const { events, queued } = await rowsFor(id);
      const [row] = await t.database.db.select().from(requests).where(eq(requests.id, id));
      expect(events.filter((e) => e.kind === 'claimed').map((e) => e.actorUserId)).toEqual([row!.assigneeUserId]);
      expect(queued.filter((q) => q.kind === 'slack.card.update')).toHaveLength(1);
    }
  });

  it('moves a request once when the same step is clicked twice at once', async () => {
    const id = await created();
    const clicks = await Promise.all(
      ['UA', 'UB'].map((userId) => recordAltinnStep(ports, { requestId: id, actor: { userId }, expectedStatus: 'submitted', fictitiousOrgNumber: freshOrgNumber() })),
    );
    expect(clicks.map((c) => c.kind).sort()).toEqual(['ok', 'stale']);
    expect((await rowsFor(id)).events.filter((e) => e.kind === 'altinn_done')).toHaveLength(1);
  });
});

describe('the intake pre-fill', () => {
  it("is read from the database each time: each requester's latest request in the channel, newest first", async () => {
    const db = t.database.db;
    const vendor = () => ({ vendor: freshOrgNumber() });
    await submitRequest(ports, submission({ ...vendor(), channelId: 'CPREFILLA', userId: 'UPRE1', contactName: 'Eldre Navn' }));
    await submitRequest(ports, submission({ ...vendor(), channelId: 'CPREFILLA', userId: 'UPRE2', contactName: 'Annen Navn' }));
    await submitRequest(ports, submission({ ...vendor(), channelId: 'CPREFILLB', userId: 'UPRE3', contactName: 'Bee Navn' }));
    expect((await intakePrefill(ports, 'CPREFILLA', 'UPRE1'))?.contact?.name).toBe('Eldre Navn');

    // A newer request shows on the very next open.
    await submitRequest(ports, submission({ ...vendor(), channelId: 'CPREFILLA', userId: 'UPRE1', contactName: 'Nyere Navn' }));
    expect((await intakePrefill(ports, 'CPREFILLA', 'UPRE1'))?.contact?.name).toBe('Nyere Navn');
    // Another instance's request (written straight to the database) shows at once too: nothing is cached.
    await db.insert(requests).values({
      status: 'submitted',
      accessType: 'fictitious_enterprise',
      vendorOrgNumber: freshOrgNumber(),
      vendorOrgName: 'Annen Instans AS',
      contactName: 'Fra Annen Instans',
      contactEmail: 'kari@example.no',
      contactPhone: '+4741234567',
      requesterUserId: 'UPRE1',
      channelId: 'CPREFILLA',
      submissionKey: 'V-other-instance',
    });
    expect((await intakePrefill(ports, 'CPREFILLA', 'UPRE1'))?.contact?.name).toBe('Fra Annen Instans');
    expect((await findChannelPrefillRows(db, 'CPREFILLA')).map((r) => [r.requesterUserId, r.contactName])).toEqual([
      ['UPRE1', 'Fra Annen Instans'],
      ['UPRE2', 'Annen Navn'],
    ]);
    expect((await findChannelPrefillRows(db, 'CPREFILLB')).map((r) => r.contactName)).toEqual(['Bee Navn']);
    expect(await findChannelPrefillRows(db, 'CPREFILLNONE')).toEqual([]);
    // A colleague gets the organisation, not someone else's contact details.
    expect(await intakePrefill(ports, 'CPREFILLA', 'UPRE9')).toMatchObject({ contact: null, locale: null });
    expect(notified).toBeGreaterThan(0);
  });
});
