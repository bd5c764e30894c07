import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { sql } from 'drizzle-orm';
import { claimDue, enqueue, markDone } from '../../src/db/repositories/outbox.js';
import { outbox, requests, type OutboxRow } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { PermanentDeliveryError, createOutboxWorker } from '../../src/app/outbox/worker.js';
import { createTicker } from '../../src/app/ticker.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
let second: Database;
beforeAll(async () => {
  t = await openTestDatabase();
  // On PostgreSQL a second connection pool, as a second app instance would have.
  second = t.url ? await openDatabase({ url: t.url, pgliteDir: 'memory://' }) : t.database;
});
afterAll(async () => {
  if (second !== t.database) await second.close();
  await t.drop();
});

const logger = createLogger('silent');
const rowsWithPrefix = async (prefix: string) =>
  (await t.database.db.select().from(outbox)).filter((r) => r.dedupeKey.startsWith(prefix)).sort((a, b) => a.id - b.id);

describe('outbox workers', () => {
  it('two workers claiming from one queue deliver every row exactly once', async () => {
    const n = 200;
    await enqueue(
      t.database.db,
      Array.from({ length: n }, (_, i) => ({ kind: 'test.effect', requestId: null, payload: { i }, dedupeKey: `claim-test-${i}` })),
    );
    const delivered: number[] = [];
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    const handler = (who: string) => async (row: { payload: unknown }) => {
      await new Promise((r) => setImmediate(r));
      delivered.push((row.payload as { i: number }).i);
      if (delivered.length === n) done();
      return { who };
    };
    const logger = createLogger('silent');
    const a = createOutboxWorker({ db: t.database.db, handlers: { 'test.effect': handler('a') }, logger, maxAttempts: 3, batchSize: 7 });
    const b = createOutboxWorker({ db: second.db, handlers: { 'test.effect': handler('b') }, logger, maxAttempts: 3, batchSize: 7 });
    a.start();
    b.start();
    await all;
    await Promise.all([a.stop(), b.stop()]);
    expect(delivered).toHaveLength(n);
    expect(new Set(delivered).size).toBe(n);
    const rows = await t.database.db.select().from(outbox);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
    if (t.kind === 'postgres') {
      // Both instances took part (on one PGlite there is only one connection to share).
      const by = new Set(rows.map((r) => (r.result as { who: string }).who));
      expect(by.size).toBe(2);
    }
  });

  it('enqueueing the same effect twice keeps one row', async () => {
    await enqueue(t.database.db, [{ kind: 'test.other', requestId: null, dedupeKey: 'same-key' }]);
    await enqueue(t.database.db, [{ kind: 'test.other', requestId: null, dedupeKey: 'same-key' }]);
    const rows = (await t.database.db.select().from(outbox)).filter((r) => r.dedupeKey === 'same-key');
    expect(rows).toHaveLength(1);
  });

  it('a worker whose lease was taken over marks nothing and does not report the row delivered', async () => {
    await enqueue(t.database.db, [{ kind: 'test.lease', requestId: null, dedupeKey: 'lease-taken-over' }]);
    let started!: (row: OutboxRow) => void;
    const handlerStarted = new Promise<OutboxRow>((r) => (started = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = createOutboxWorker({
      db: t.database.db,
      logger,
      maxAttempts: 3,
      handlers: {
        'test.lease': async (row) => {
          started(row);
          await gate;
          return { who: 'a' };
        },
      },
    });
    const delivered: number[] = [];
    a.events.on('delivered', (row: OutboxRow) => delivered.push(row.id));
    const lost = new Promise<OutboxRow>((r) => a.events.once('lost', r));
    a.start();
    const row = await handlerStarted;

    // A's lease runs out (as if its instance froze) and another instance claims and delivers the row.
    const taken = await second.db.transaction(async (tx) => {
      await tx.update(outbox).set({ lockedUntil: sql`now() - interval '1 second'` }).where(sql`${outbox.id} = ${row.id}`);
      return claimDue(tx, 10, 60_000);
    });
    const mine = taken.find((r) => r.id === row.id)!;
    expect(mine.leaseToken).not.toBe(row.leaseToken);
    expect(await markDone(second.db, { id: mine.id, token: mine.leaseToken! }, { who: 'b' })).toBe(true);

    release();
    expect((await lost).id).toBe(row.id);
    await a.stop();
    expect(delivered).not.toContain(row.id);
    const [stored] = await rowsWithPrefix('lease-taken-over');
    expect(stored).toMatchObject({ status: 'done', result: { who: 'b' }, attempts: 2 });
    // The stale token no longer matches anything.
    expect(await markDone(t.database.db, { id: row.id, token: row.leaseToken! }, { who: 'a' })).toBe(false);
  });

  it('a delivery that outlasts the lease renews it, so no other worker delivers the row meanwhile', async () => {
    await enqueue(t.database.db, [{ kind: 'test.slow', requestId: null, dedupeKey: 'slow-renewed' }]);
    const leaseMs = 300;
    const calls: string[] = [];
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    // The slow receiver: answers only after four lease lengths (the point is the passing time).
    const slow = (who: string) => async () => {
      calls.push(who);
      started();
      await new Promise((r) => setTimeout(r, 4 * leaseMs));
      return { who };
    };
    const a = createOutboxWorker({ db: t.database.db, logger, maxAttempts: 3, leaseMs, handlers: { 'test.slow': slow('a') } });
    const done = new Promise<void>((r) => a.events.once('delivered', () => r()));
    a.start();
    await running;
    const b = createOutboxWorker({ db: second.db, logger, maxAttempts: 3, leaseMs, handlers: { 'test.slow': slow('b') } });
    // B looks for due rows every 20 ms, as the ticker's outbox job does every second in the app.
    const bPolls = createTicker({ logger, jobs: [{ name: 'outbox', everyMs: 20, run: () => b.kick() }] });
    b.start();
    bPolls.start();
    await done;
    await bPolls.stop();
    await Promise.all([a.stop(), b.stop()]);
    expect(calls).toEqual(['a']);
    const [stored] = await rowsWithPrefix('slow-renewed');
    expect(stored).toMatchObject({ status: 'done', attempts: 1, result: { who: 'a' } });
  });

  it("two workers deliver each request's rows one at a time and in order, retries included", async () => {
    const requestIds = Array.from({ length: 8 }, () => crypto.randomUUID());
    await insertRequests(requestIds);
    const perRequest = 6;
    await enqueue(
      t.database.db,
      requestIds.flatMap((requestId, r) =>
        Array.from({ length: perRequest }, (_, i) => ({ kind: 'test.ordered', requestId, payload: { r, i }, dedupeKey: `ordered-${r}-${i}` })),
      ),
    );
    const seen = new Map<string, number[]>();
    const busy = new Set<string>();
    const overlaps: string[] = [];
    const failedOnce = new Set<string>();
    let count = 0;
    let finished!: () => void;
    const all = new Promise<void>((r) => (finished = r));
    const handler = async (row: OutboxRow) => {
      const { r, i } = row.payload as { r: number; i: number };
      const id = row.requestId ?? '';
      if (busy.has(id)) overlaps.push(`${r}:${i}`);
      busy.add(id);
      try {
        // Some rows take a few turns of the event loop, and every third fails once: later rows must wait.
        for (let k = 0; k < (i * 7 + r) % 4; k++) await new Promise((res) => setImmediate(res));
        if (i % 3 === 1 && !failedOnce.has(row.dedupeKey)) {
          failedOnce.add(row.dedupeKey);
          throw new Error('try again');
        }
        seen.set(id, [...(seen.get(id) ?? []), i]);
        if (++count === requestIds.length * perRequest) finished();
        return {};
      } finally {
        busy.delete(id);
      }
    };
    const opts = { logger, maxAttempts: 5, batchSize: 5, baseDelayMs: 5, maxDelayMs: 20, handlers: { 'test.ordered': handler } };
    const a = createOutboxWorker({ db: t.database.db, ...opts });
    const b = createOutboxWorker({ db: second.db, ...opts });
    a.start();
    b.start();
    await all;
    await Promise.all([a.stop(), b.stop()]);
    expect(overlaps).toEqual([]);
    for (const id of requestIds) expect(seen.get(id)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("a row given up does not block its request's later rows; a slow email does not block its Slack posts", async () => {
    const requestId = crypto.randomUUID();
    await insertRequests([requestId]);
    await enqueue(t.database.db, [
      { kind: 'test.doomed', requestId: requestId, dedupeKey: 'blocked-1' },
      { kind: 'test.after', requestId: requestId, dedupeKey: 'blocked-2' },
    ]);
    const order: string[] = [];
    let done!: () => void;
    const after = new Promise<void>((r) => (done = r));
    const w = createOutboxWorker({
      db: t.database.db,
      logger,
      maxAttempts: 5,
      handlers: {
        'test.doomed': async () => {
          order.push('doomed');
          throw new PermanentDeliveryError('never');
        },
        'test.after': async () => {
          order.push('after');
          done();
          return {};
        },
      },
    });
    w.start();
    await after;
    await w.stop();
    expect(order).toEqual(['doomed', 'after']);
    expect((await rowsWithPrefix('blocked-')).map((r) => r.status)).toEqual(['failed', 'done']);

    // Lanes: a mail row still pending (here: waiting for its retry) holds up mail, not Slack.
    await enqueue(t.database.db, [
      { kind: 'mail.test', requestId: requestId, dedupeKey: 'lane-mail' },
      { kind: 'slack.test', requestId: requestId, dedupeKey: 'lane-slack' },
      { kind: 'mail.test', requestId: requestId, dedupeKey: 'lane-mail-2' },
    ]);
    const [mail] = await rowsWithPrefix('lane-mail');
    await t.database.db.update(outbox).set({ nextAttemptAt: sql`now() + interval '1 hour'` }).where(sql`${outbox.id} = ${mail!.id}`);
    const claimed = await claimDue(t.database.db, 10, 60_000);
    expect(claimed.map((r) => r.dedupeKey)).toEqual(['lane-slack']);
  });
});

/** Outbox rows reference requests: bare request rows to hang them on. */
async function insertRequests(ids: string[]): Promise<void> {
  await t.database.db.insert(requests).values(
    ids.map((id) => ({
      id,
      // Closed: open requests for one vendor would be duplicates.
      status: 'completed' as const,
      accessType: 'fictitious_enterprise' as const,
      vendorOrgNumber: '974760673',
      vendorOrgName: 'Acme AS',
      contactName: 'Kari Nordmann',
      contactEmail: 'kari@acme.no',
      contactPhone: '+4741234567',
      requesterUserId: 'UVENDOR01',
      channelId: 'CVENDOR01',
      submissionKey: `outbox-test-${id}`,
    })),
  );
}
