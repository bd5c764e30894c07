import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { enqueue } from '../../src/db/repositories/outbox.js';
import { outbox } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { createOutboxWorker } from '../../src/outbox/worker.js';
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
});
