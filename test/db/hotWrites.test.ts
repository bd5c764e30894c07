import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOutboxWorker, type FreshRequest } from '../../src/app/outbox/worker.js';
import { createTicker } from '../../src/app/ticker.js';
import { createLogger } from '../../src/logger.js';
import { cardUpdate } from '../../src/app/effects.js';
import { newRequestCard, loadCard } from '../../src/app/loadCard.js';
import { claimDue, markDone } from '../../src/db/repositories/outbox.js';
import { claimInOneStatement, findChannelPrefillRows, findChannelPrefillRowsOf, findRequestById, insertSubmittedRequest, type ClaimCommand, type SubmittedRequest } from '../../src/db/repositories/requests.js';
import { outbox, requestEvents, requests, type OutboxRow } from '../../src/db/schema.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { freshOrgNumber } from '../support/intake.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

/** A claim as the app makes it: the card update's key gets the audit event's id. */
const claimOf = (c: Omit<ClaimCommand, 'effect'>): ClaimCommand => ({ ...c, effect: cardUpdate(c.requestId, ':event') });

let seq = 0;
function submission(over: Partial<SubmittedRequest['row']> = {}): SubmittedRequest {
  seq += 1;
  return {
    row: {
      status: 'submitted',
      accessType: 'fictitious_enterprise',
      vendorOrgNumber: freshOrgNumber(),
      vendorOrgName: 'Systemhuset AS',
      verification: 'disabled',
      contactName: 'Kari Nordmann',
      contactEmail: 'kari@example.no',
      contactPhone: '+4741234567',
      productionDataAck: true,
      locale: 'nb',
      requesterUserId: `UV${seq}`,
      channelId: 'CVENDOR01',
      submissionKey: `V-hot-${seq}`,
      ...over,
    },
    event: { actorUserId: `UV${seq}`, actorTeamId: 'TVENDOR01', details: { accessType: 'fictitious_enterprise' } },
    effects: [
      { kind: 'slack.receipt', dedupeKey: 'receipt::id' },
      { kind: 'slack.card', dedupeKey: 'card::id' },
    ],
    overlapEffect: cardUpdate(':other', 'overlap::id'),
  };
}

async function rowsFor(requestId: string) {
  const db = t.database.db;
  const events = await db.select().from(requestEvents).where(sql`${requestEvents.requestId} = ${requestId}`);
  const queued = await db.select().from(outbox).where(sql`${outbox.requestId} = ${requestId}`).orderBy(outbox.id);
  return { events, queued };
}

describe('submissions arriving together (group commit)', () => {
  it('stores each with its own event and outbox rows, and refuses repeats and open duplicates one by one', async () => {
    const distinct = Array.from({ length: 30 }, () => submission());
    const repeatedView = { ...submission(), row: { ...distinct[3]!.row } };
    const samePair = submission({ vendorOrgNumber: distinct[7]!.row.vendorOrgNumber });
    const results = await Promise.all([...distinct, repeatedView, samePair].map((s) => insertSubmittedRequest(t.database.db, s)));

    const created = results.slice(0, 30);
    expect(created.every((r) => r !== undefined)).toBe(true);
    expect(new Set(created.map((r) => r!.id)).size).toBe(30);
    expect(new Set(created.map((r) => r!.number)).size).toBe(30);
    // The same view again, and an open request for the same vendor: refused, nothing stored for them.
    expect(results[30]).toBeUndefined();
    expect(results[31]).toBeUndefined();
    const stored = await t.database.db.select().from(requests).where(sql`${requests.submissionKey} like 'V-hot-%'`);
    expect(stored).toHaveLength(30);

    for (const [i, r] of created.entries()) {
      const row = stored.find((s) => s.id === r!.id)!;
      expect(row.submissionKey).toBe(distinct[i]!.row.submissionKey);
      expect(row.vendorOrgNumber).toBe(distinct[i]!.row.vendorOrgNumber);
      const { events, queued } = await rowsFor(r!.id);
      expect(events.map((e) => [e.kind, e.actorUserId, e.toStatus])).toEqual([['submitted', distinct[i]!.event.actorUserId, 'submitted']]);
      // In the order given, each with the request's id in its dedupe key.
      expect(queued.map((q) => [q.kind, q.dedupeKey])).toEqual([
        ['slack.receipt', `receipt:${r!.id}`],
        ['slack.card', `card:${r!.id}`],
      ]);
    }
  });

  it('a submission the database rejects fails alone; those written with it are stored', async () => {
    const good = Array.from({ length: 5 }, () => submission());
    // NOT NULL violated: the whole shared statement fails, then each is written on its own.
    const bad = submission({ contactName: null as unknown as string });
    const outcomes = await Promise.allSettled([...good.slice(0, 2), bad, ...good.slice(2)].map((s) => insertSubmittedRequest(t.database.db, s)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    const keys = good.map((g) => g.row.submissionKey);
    const stored = await t.database.db.select().from(requests).where(sql`${requests.submissionKey} in ${keys}`);
    expect(stored).toHaveLength(5);
    const none = await t.database.db.select().from(requests).where(sql`${requests.submissionKey} = ${bad.row.submissionKey}`);
    expect(none).toHaveLength(0);
  });
});

describe('claims arriving together (group commit)', () => {
  it('claims each card once, with one audit event and one card update each; a second claim on the same card finds it taken', async () => {
    const filed = await Promise.all(Array.from({ length: 12 }, () => insertSubmittedRequest(t.database.db, submission())));
    const ids = filed.map((f) => f!.id);
    const claims = ids.map((id, i) =>
      claimInOneStatement(t.database.db, claimOf({ requestId: id, actorUserId: `USTAFF${i % 2}`, actorTeamId: 'THOST', expectedAssignee: null, expectedStatus: 'submitted' })),
    );
    // Someone else clicks Claim on the first card at the same moment, from the same unassigned card.
    const rival = claimInOneStatement(t.database.db, claimOf({ requestId: ids[0]!, actorUserId: 'USTAFF9', actorTeamId: 'THOST', expectedAssignee: null, expectedStatus: 'submitted' }));
    const missing = claimInOneStatement(t.database.db, claimOf({ requestId: '00000000-0000-4000-8000-000000000000', actorUserId: 'USTAFF0', actorTeamId: null, expectedAssignee: null, expectedStatus: null }));
    const outcomes = await Promise.all(claims);
    expect(outcomes.every((o) => o.claimed)).toBe(true);
    expect(outcomes.map((o) => o.before?.id)).toEqual(ids);
    expect((await rival).claimed).toBe(false);
    expect((await rival).before?.assigneeUserId).toBe('USTAFF0');
    expect(await missing).toEqual({ claimed: false });

    for (const [i, id] of ids.entries()) {
      const [row] = await t.database.db.select().from(requests).where(sql`${requests.id} = ${id}`);
      expect(row!.assigneeUserId).toBe(`USTAFF${i % 2}`);
      const { events, queued } = await rowsFor(id);
      expect(events.filter((e) => e.kind === 'claimed').map((e) => e.actorUserId)).toEqual([`USTAFF${i % 2}`]);
      expect(queued.filter((q) => q.kind === 'slack.card.update')).toHaveLength(1);
    }
  });

  it('a take-over records whom the card was taken from', async () => {
    const f = await insertSubmittedRequest(t.database.db, submission());
    const claim = (actor: string, expected: string | null) =>
      claimInOneStatement(t.database.db, claimOf({ requestId: f!.id, actorUserId: actor, actorTeamId: null, expectedAssignee: expected, expectedStatus: 'submitted' }));
    expect((await claim('UA', null)).claimed).toBe(true);
    expect((await claim('UB', 'UA')).claimed).toBe(true);
    const { events } = await rowsFor(f!.id);
    expect(events.filter((e) => e.kind === 'taken_over').map((e) => [e.actorUserId, e.details])).toEqual([['UB', { from: 'UA' }]]);
  });
});

describe("a claim's card update leased to the instance that stores the claim", () => {
  const claimLeased = (requestId: string, actor: string, expected: string | null) =>
    claimInOneStatement(t.database.db, { ...claimOf({ requestId, actorUserId: actor, actorTeamId: null, expectedAssignee: expected, expectedStatus: 'submitted' }), leaseMs: 15_000 });
  const cardRows = async (requestId: string) => (await rowsFor(requestId)).queued.filter((q) => q.kind === 'slack.card.update');

  it('comes back leased, exactly as reading it back would show it, and no worker can take it meanwhile', async () => {
    const db = t.database.db;
    const f = (await insertSubmittedRequest(db, submission()))!;
    const outcome = await claimLeased(f.id, 'UA', null);
    expect(outcome.claimed).toBe(true);
    const [row] = await cardRows(f.id);
    expect(outcome.leased).toEqual(row);
    expect(row).toMatchObject({ attempts: 1, status: 'pending' });
    expect(row!.leaseToken).not.toBeNull();
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 10_000);
    expect((await claimDue(db, 1000, 15_000)).map((r) => r.id)).not.toContain(row!.id);
  });

  it("is left to the outbox when the card's lane already has a row waiting, or without a lease length", async () => {
    const db = t.database.db;
    const f = (await insertSubmittedRequest(db, submission()))!;
    // An earlier update of the same card, not yet delivered: the claim's must go after it.
    await db.insert(outbox).values(cardUpdate(f.id, 'earlier')).execute();
    const outcome = await claimLeased(f.id, 'UA', null);
    expect(outcome.claimed).toBe(true);
    expect(outcome.leased).toBeUndefined();
    expect((await cardRows(f.id)).map((r) => [r.dedupeKey.endsWith(':earlier'), r.attempts, r.leaseToken])).toEqual([
      [true, 0, null],
      [false, 0, null],
    ]);

    const g = (await insertSubmittedRequest(db, submission()))!;
    const plain = await claimInOneStatement(db, claimOf({ requestId: g.id, actorUserId: 'UA', actorTeamId: null, expectedAssignee: null, expectedStatus: 'submitted' }));
    expect(plain.claimed).toBe(true);
    expect(plain.leased).toBeUndefined();
    expect((await cardRows(g.id)).map((r) => r.leaseToken)).toEqual([null]);
  });

  it('a row of its lane committed just after it waits until it is done: two updates of one card never run side by side', async () => {
    const db = t.database.db;
    const f = (await insertSubmittedRequest(db, submission()))!;
    const outcome = await claimLeased(f.id, 'UA', null);
    // Another transaction's card update that was not yet committed when the claim looked at the lane:
    // written with a lower id, as a transaction that took its id first would have.
    const late = cardUpdate(f.id, 'overtaken');
    await db.execute(sql`insert into outbox (id, request_id, kind, dedupe_key) overriding system value
      values (${outcome.leased!.id - 100_000}, ${f.id}, ${late.kind}, ${late.dedupeKey})`);
    const other = await db.insert(outbox).values({ requestId: f.id, kind: 'mail.confirmation', dedupeKey: `mail-${f.id}` }).returning();

    const waiting = (await cardRows(f.id)).find((r) => r.dedupeKey.endsWith(':overtaken'))!;
    const claimed = (await claimDue(db, 1000, 15_000)).map((r) => r.id);
    expect(claimed).not.toContain(waiting.id);
    // Another lane of the same request goes on.
    expect(claimed).toContain(other[0]!.id);

    await markDone(db, { id: outcome.leased!.id, token: outcome.leased!.leaseToken! }, { ts: '1' });
    expect((await claimDue(db, 1000, 15_000)).map((r) => r.id)).toContain(waiting.id);
  });
});

describe('a new request leased to the instance that stores it', () => {
  const leasedSubmission = (over: Partial<SubmittedRequest['row']> = {}): SubmittedRequest => {
    const s = submission(over);
    return {
      ...s,
      effects: [
        { kind: 'slack.receipt.post', dedupeKey: 'leased-receipt::id', leased: true },
        { kind: 'slack.card.post', dedupeKey: 'leased-card::id', leased: true },
        { kind: 'slack.note', dedupeKey: 'leased-note::id' },
      ],
      leaseMs: 15_000,
    };
  };

  it('returns the request, its card and its leased rows exactly as reading them back would', async () => {
    const db = t.database.db;
    // An open request for the same pair in another channel: the new card shows it.
    const first = await insertSubmittedRequest(db, submission({ channelId: 'COTHER01' }));
    const s = leasedSubmission({ vendorOrgNumber: (await findRequestById(db, first!.id))!.vendorOrgNumber, channelId: 'CVENDOR02' });
    const stored = (await insertSubmittedRequest(db, s))!;

    expect(stored.request).toEqual(await findRequestById(db, stored.id));
    expect(newRequestCard(stored.request, stored.event, stored.overlaps)).toEqual(await loadCard(db, stored.id));
    expect(stored.overlaps).toEqual([{ number: first!.number, channelId: 'COTHER01' }]);
    expect(stored.overlapped).toBe(true);

    // Only the rows asked for are leased, and each as a claim would have left it.
    const { queued } = await rowsFor(stored.id);
    expect(stored.leased.map((r) => r.kind)).toEqual(['slack.receipt.post', 'slack.card.post']);
    expect(stored.leased).toEqual(queued.slice(0, 2));
    expect(queued[2]).toMatchObject({ kind: 'slack.note', leaseToken: null, lockedUntil: null, attempts: 0 });
    for (const r of stored.leased) expect(r.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 10_000);

    // No other worker can take them while the lease lasts.
    const claimed = await claimDue(db, 1000, 15_000);
    expect(claimed.map((r) => r.id)).not.toContain(stored.leased[0]!.id);
    expect(claimed.map((r) => r.id)).not.toContain(stored.leased[1]!.id);
  });

  it('the worker it is handed to delivers the leased rows once, with the stored request; the rest are claimed as usual', async () => {
    const db = t.database.db;
    const seen: { worker: string; kind: string; fresh: boolean }[] = [];
    const handlers = (worker: string) =>
      Object.fromEntries(
        ['slack.receipt.post', 'slack.card.post', 'slack.note'].map((kind) => [
          kind,
          async (row: OutboxRow, fresh?: FreshRequest) => {
            seen.push({ worker, kind, fresh: fresh?.request.id === row.requestId });
            return { worker };
          },
        ]),
      );
    const logger = createLogger('silent');
    const own = createOutboxWorker({ db, handlers: handlers('own'), logger, maxAttempts: 3 });
    const other = createOutboxWorker({ db, handlers: handlers('other'), logger, maxAttempts: 3 });
    const otherPolls = createTicker({ logger, jobs: [{ name: 'outbox', everyMs: 20, run: () => other.kick() }] });
    own.start();
    other.start();
    otherPolls.start();
    try {
      const stored = (await insertSubmittedRequest(db, leasedSubmission()))!;
      const fresh = { request: stored.request, card: newRequestCard(stored.request, stored.event, stored.overlaps) };
      own.deliverLeased(stored.leased, fresh);
      await vi.waitFor(async () => expect((await rowsFor(stored.id)).queued.every((r) => r.status === 'done')).toBe(true), { timeout: 10_000 });
      // The note waits for the receipt (same lane) and is then claimed, by either worker, with no fresh request.
      expect(seen.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
        { worker: 'own', kind: 'slack.card.post', fresh: true },
        { worker: expect.any(String), kind: 'slack.note', fresh: false },
        { worker: 'own', kind: 'slack.receipt.post', fresh: true },
      ]);
      expect((await rowsFor(stored.id)).queued.map((r) => r.attempts)).toEqual([1, 1, 1]);
    } finally {
      await otherPolls.stop();
      await Promise.all([own.stop(), other.stop()]);
    }
  });

  it('leases nothing without a lease length: the outbox claims every row as before', async () => {
    const { leaseMs: _none, ...s } = leasedSubmission();
    const stored = (await insertSubmittedRequest(t.database.db, s))!;
    expect(stored.leased).toEqual([]);
    const { queued } = await rowsFor(stored.id);
    expect(queued.every((r) => r.leaseToken === null && r.attempts === 0)).toBe(true);
  });
});

describe('pre-fill reads of modals opened together', () => {
  it('read many channels in one statement: per channel, each requester\'s latest request, newest first', async () => {
    const db = t.database.db;
    const a1 = submission({ channelId: 'CPREFILLA', requesterUserId: 'UPRE1', contactName: 'Eldre' });
    await insertSubmittedRequest(db, a1);
    await insertSubmittedRequest(db, submission({ channelId: 'CPREFILLA', requesterUserId: 'UPRE2', contactName: 'Annen' }));
    await insertSubmittedRequest(db, submission({ channelId: 'CPREFILLA', requesterUserId: 'UPRE1', contactName: 'Nyere' }));
    await insertSubmittedRequest(db, submission({ channelId: 'CPREFILLB', requesterUserId: 'UPRE3', contactName: 'Bee' }));

    const [a, b, none, again] = await findChannelPrefillRowsOf(db, ['CPREFILLA', 'CPREFILLB', 'CPREFILLNONE', 'CPREFILLA']);
    expect(a!.map((r) => [r.requesterUserId, r.contactName])).toEqual([
      ['UPRE1', 'Nyere'],
      ['UPRE2', 'Annen'],
    ]);
    expect(b!.map((r) => r.contactName)).toEqual(['Bee']);
    expect(none).toEqual([]);
    expect(again).toEqual(a);
    // Concurrent single reads share statements and get the same answers.
    const shared = await Promise.all(['CPREFILLB', 'CPREFILLA', 'CPREFILLNONE'].map((c) => findChannelPrefillRows(db, c)));
    expect(shared).toEqual([b, a, []]);
  });
});
