import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EFFECT } from '../../src/app/effects.js';
import { rowsOf } from '../../src/db/client.js';
import { claimDue, enqueue, laneOf, laneSql } from '../../src/db/repositories/outbox.js';
import { outbox, requests } from '../../src/db/schema.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.drop());

/** What the database says a kind's lane is (the claim's own expression). */
async function laneInSql(kind: string): Promise<string> {
  const result = await t.database.db.execute(sql`select ${laneSql(sql`${kind}::text`)} as lane`);
  return z.array(z.object({ lane: z.string() })).parse(rowsOf(result))[0]!.lane;
}

/** A request to hang outbox rows on (open, in its own channel). */
async function insertRequest(key: string, channelId: string): Promise<string> {
  const [r] = await t.database.db
    .insert(requests)
    .values({
      status: 'submitted',
      accessType: 'fictitious_enterprise',
      vendorOrgNumber: '974760673',
      vendorOrgName: 'Acme AS',
      contactName: 'Kari Nordmann',
      contactEmail: 'kari@acme.no',
      contactPhone: '+4741234567',
      requesterUserId: 'UVENDOR01',
      channelId,
      submissionKey: key,
    })
    .returning();
  return r!.id;
}

describe('the outbox lanes', () => {
  // Every kind the app enqueues, and a few shapes no kind has yet.
  const kinds = [...Object.values(EFFECT), 'slack.cardigan.post', 'slack.card', 'mail', 'test.effect', 'plain'];

  it.each(kinds)('%s: the claim in SQL and laneOf in TypeScript name the same lane', async (kind) => {
    expect(await laneInSql(kind)).toBe(laneOf(kind));
  });

  it("puts the receipt with the vendor's notes, the card with its updates and thread, the emails together", () => {
    const lane = (k: string) => laneOf(k);
    expect(lane(EFFECT.receiptPost)).toBe(lane(EFFECT.vendorNote));
    expect(lane(EFFECT.cardPost)).toBe(lane(EFFECT.cardUpdate));
    expect(lane(EFFECT.cardPost)).toBe(lane(EFFECT.cardThreadPost));
    expect(lane(EFFECT.confirmationMail)).toBe(lane(EFFECT.questionMail));
    expect(new Set([lane(EFFECT.receiptPost), lane(EFFECT.cardPost), lane(EFFECT.confirmationMail)]).size).toBe(3);
  });

  it('a new card waits for its receipt: claimed once the receipt is done, or once the receipt is a second old', async () => {
    const waits = [{ kind: EFFECT.cardPost, waitsFor: EFFECT.receiptPost, upToMs: 1000 }];
    const request = async (key: string) => {
      const id = await insertRequest(key, `C${key.toUpperCase()}`);
      await enqueue(t.database.db, [
        { kind: EFFECT.receiptPost, requestId: id, dedupeKey: `${key}-receipt` },
        { kind: EFFECT.cardPost, requestId: id, dedupeKey: `${key}-card` },
      ]);
    };
    await request('wait-young');
    await request('wait-old');
    // The second request's receipt was queued more than a second ago (and is not due: Slack asked to wait).
    await t.database.db
      .update(outbox)
      .set({ createdAt: sql`now() - interval '2 seconds'`, nextAttemptAt: sql`now() + interval '1 hour'` })
      .where(sql`${outbox.dedupeKey} = 'wait-old-receipt'`);
    const first = await claimDue(t.database.db, 10, 60_000, waits);
    expect(first.map((c) => c.dedupeKey).filter((k) => k.startsWith('wait-'))).toEqual(['wait-young-receipt', 'wait-old-card']);
    // Without the wait, the young card would have gone beside its receipt.
    expect(first.map((c) => c.dedupeKey)).not.toContain('wait-young-card');
    await t.database.db.update(outbox).set({ status: 'done' }).where(sql`${outbox.dedupeKey} = 'wait-young-receipt'`);
    const second = await claimDue(t.database.db, 10, 60_000, waits);
    expect(second.map((c) => c.dedupeKey)).toContain('wait-young-card');
  });

  it('a receipt waiting for its retry holds up the vendor notes after it, not the card', async () => {
    const id = await insertRequest('lanes-test', 'CVENDOR01');
    await enqueue(t.database.db, [
      { kind: EFFECT.receiptPost, requestId: id, dedupeKey: 'lanes-receipt' },
      { kind: EFFECT.cardPost, requestId: id, dedupeKey: 'lanes-card' },
      { kind: EFFECT.vendorNote, requestId: id, payload: { kind: 'altinn_done' }, dedupeKey: 'lanes-note' },
      { kind: EFFECT.cardUpdate, requestId: id, dedupeKey: 'lanes-card-update' },
    ]);
    await t.database.db.update(outbox).set({ nextAttemptAt: sql`now() + interval '1 hour'` }).where(sql`${outbox.dedupeKey} = 'lanes-receipt'`);
    const claimed = await claimDue(t.database.db, 10, 60_000);
    expect(claimed.map((c) => c.dedupeKey)).toEqual(['lanes-card']);
  });
});
