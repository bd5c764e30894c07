import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardUpdate } from '../../src/app/effects.js';
import { claimInOneStatement, insertSubmittedRequest, type ClaimCommand, type SubmittedRequest } from '../../src/db/repositories/requests.js';
import { outbox, requestEvents, requests } from '../../src/db/schema.js';
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
