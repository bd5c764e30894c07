import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EFFECT, effect, vendorNote, type VendorNote } from '../../src/app/effects.js';
import { dispatchTable } from '../../src/app/outbox/dispatch.js';
import { createOutboxWorker } from '../../src/app/outbox/worker.js';
import { enqueue } from '../../src/db/repositories/outbox.js';
import { outbox, type OutboxRow } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.drop());

describe('the effect registry', () => {
  it('parses every payload before its handler sees it: a note that does not fit its schema is given up, never posted', async () => {
    await enqueue(t.database.db, [
      { kind: EFFECT.vendorNote, requestId: null, payload: { kind: 'needs_info', question: 'Which customer?' }, dedupeKey: 'registry-good' },
      // A question without its text: posting it would show the vendor an empty note.
      { kind: EFFECT.vendorNote, requestId: null, payload: { kind: 'needs_info' }, dedupeKey: 'registry-bad' },
    ]);
    const seen: VendorNote[] = [];
    const worker = createOutboxWorker({
      db: t.database.db,
      logger: createLogger('silent'),
      maxAttempts: 5,
      handlers: dispatchTable({
        [EFFECT.vendorNote]: async ({ payload }) => {
          seen.push(payload);
          return { posted: payload.kind };
        },
      }),
    });
    const settled = new Set<string>();
    const both = new Promise<void>((resolve) => {
      const note = (row: OutboxRow) => {
        settled.add(row.dedupeKey);
        if (settled.size === 2) resolve();
      };
      worker.events.on('delivered', note);
      worker.events.on('failed', (row: OutboxRow, _error: string, final: boolean) => final && note(row));
    });
    worker.start();
    await both;
    await worker.stop();

    expect(seen).toEqual([{ kind: 'needs_info', question: 'Which customer?' }]);
    const rows = (await t.database.db.select().from(outbox)).filter((r) => r.dedupeKey.startsWith('registry-'));
    const byKey = Object.fromEntries(rows.map((r) => [r.dedupeKey, r]));
    expect(byKey['registry-good']).toMatchObject({ status: 'done', attempts: 1 });
    // Given up at the first attempt: no retry can make the payload fit.
    expect(byKey['registry-bad']).toMatchObject({ status: 'failed', attempts: 1 });
    expect(byKey['registry-bad']!.lastError).toMatch(/payload does not fit slack\.vendor\.note/);
  });

  it('refuses a payload that does not fit its kind when it is written: the transaction writes nothing', async () => {
    // A question note without its question: a bug in the code that writes it, caught before it is stored.
    const bad = { kind: 'needs_info' } as unknown as VendorNote;
    await expect(
      t.database.db.transaction(async (tx) => {
        await enqueue(tx, [effect(EFFECT.homePublish, null, 'written-check-home', { userId: 'USTAFF001' })]);
        await enqueue(tx, [vendorNote('00000000-0000-4000-8000-000000000001', 'written-check', bad)]);
      }),
    ).rejects.toThrow(/payload does not fit slack\.vendor\.note/);
    expect(() => effect(EFFECT.nudgeMail, null, 'written-check-nudge', { questionEventId: 1.5, days: 2 })).toThrow(/payload does not fit mail\.nudge/);
    const rows = (await t.database.db.select().from(outbox)).filter((r) => r.dedupeKey.includes('written-check'));
    expect(rows).toEqual([]);
  });

  it('refuses two adapters registering a handler for the same kind', () => {
    const handler = async () => undefined;
    expect(() => dispatchTable({ [EFFECT.cardUpdate]: handler }, { [EFFECT.cardUpdate]: handler })).toThrow(/two handlers/);
  });
});
