import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredPersonalData } from '../../src/app/retention.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { outbox } from '../../src/db/schema.js';
import { formatOrgNumber } from '../../src/domain/orgnr.js';
import { STAFF, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { allText, awaitCard, fileAndAwaitCard, reload } from '../support/triage.js';
import { askAndAnswer, awaitSettled, daysFromNow, eventKinds, reject, rowsContaining, uniquePeople, withdraw } from './support.js';

describe('RETENTION_DAYS', () => {
  it('is 90 days unless set; 0 is allowed; anything but a whole number of days from 0 up is refused by name', () => {
    expect(loadConfig({}).retentionDays).toBe(90);
    expect(loadConfig({ RETENTION_DAYS: '0' }).retentionDays).toBe(0);
    expect(loadConfig({ RETENTION_DAYS: '30' }).retentionDays).toBe(30);
    for (const bad of ['-1', '1.5', 'ninety']) {
      expect(() => loadConfig({ RETENTION_DAYS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ RETENTION_DAYS: bad })).toThrow(/RETENTION_DAYS \(got "[^"]+"\): should be a whole number of days/);
    }
  });
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const purgeAt = (now: Date) => purgeExpiredPersonalData(h.db.database.db, { now, retentionDays: 90 });
const purgeEventsOf = async (r: { id: string }) => (await eventKinds(h, r)).filter((k) => k === 'personal_data_purged');

describe('with RETENTION_DAYS=90, closed requests lose their personal data after 90 days', () => {
  it('a request closed 89 days ago is kept, one closed 91 days ago is purged, and an open request never is', async () => {
    const people = uniquePeople();
    const closed = await withdraw(h, await fileAndAwaitCard(h, VENDOR_USER, people.fields('fictitious')));
    const open = await fileAndAwaitCard(h, VENDOR_USER, uniquePeople().fields('delegation'));
    await awaitSettled(h, closed);

    const early = await purgeAt(daysFromNow(89));
    expect(early.purged).not.toContain(closed.id);
    expect(await reload(h, closed)).toMatchObject({ purgedAt: null, contactEmail: people.contactEmail, contactName: people.contactName });

    const late = await purgeAt(daysFromNow(91));
    expect(late.purged).toContain(closed.id);
    expect(await reload(h, closed)).toMatchObject({ purgedAt: expect.any(Date), contactEmail: '', contactName: '', contactPhone: '' });

    const muchLater = await purgeAt(daysFromNow(3650));
    expect(muchLater.purged).not.toContain(open.id);
    expect(await reload(h, open)).toMatchObject({ status: 'submitted', purgedAt: null, contactEmail: open.contactEmail });
  });

  it('the card is redacted to what stays, says when the data was deleted, and no table holds the contact’s or customer’s details or the free texts', async () => {
    const people = uniquePeople();
    const question = `Hvilket miljø gjelder det ${people.contactEmail.slice(5, 13)}?`;
    const answer = `Det gjelder TT02 for avdeling ${people.contactEmail.slice(5, 13)}.`;
    const reason = `Avtalen mangler for ${people.contactEmail.slice(5, 13)}.`;
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, people.fields('delegation'));
    await askAndAnswer(h, r0, question, answer);
    const r = await reject(h, await reload(h, r0), reason);
    await awaitSettled(h, r);
    const personal = [people.contactName, people.contactEmail, people.contactPhone.slice(3), people.customerEmail, people.customerPhone.slice(3), question, answer, reason];
    for (const p of personal) expect((await rowsContaining(h, p)).length, p).toBeGreaterThan(0);

    const now = daysFromNow(91);
    expect((await purgeAt(now)).purged).toContain(r.id);

    const card = await awaitCard(h, r, (c) => c.includes(':lock:'));
    const ref = `TT02-${String(r.number).padStart(4, '0')}`;
    expect(card).toContain(ref);
    expect(card).toContain('Acme Regnskap AS');
    expect(card).toContain(formatOrgNumber(r.vendorOrgNumber));
    expect(card).toContain('Kunde Bakeri AS');
    expect(card).toContain(formatOrgNumber(r.customerOrgNumber!));
    expect(card).toContain('Avvist');
    expect(card).toContain(`<@${STAFF}>`);
    expect(card).toContain(`ble slettet <!date^${Math.floor(now.getTime() / 1000)}^{date_long}|${now.toISOString().slice(0, 10)}>`);
    expect(card).toContain('Personopplysninger slettet (lagringstid) · appen');
    expect(card).not.toContain('"actions"');
    for (const p of personal) expect(card).not.toContain(p);

    await awaitSettled(h, r);
    for (const p of personal) expect(await rowsContaining(h, p), p).toEqual([]);
    // Who did what, and when, stays.
    expect(await eventKinds(h, r)).toEqual(['submitted', 'needs_info', 'info_answered', 'rejected', 'personal_data_purged']);
  });

  it('a second run, or two instances at once, purge each request once and record it once', async () => {
    const a = await withdraw(h, await fileAndAwaitCard(h, VENDOR_USER, uniquePeople().fields('fictitious')));
    const b = await withdraw(h, await fileAndAwaitCard(h, VENDOR_USER, uniquePeople().fields('fictitious')));
    await awaitSettled(h, a);
    await awaitSettled(h, b);
    // A second instance: its own connections to the same PostgreSQL (PGlite is one process: the same database).
    const other = h.db.url ? await openDatabase({ url: h.db.url, pgliteDir: 'memory://' }) : undefined;
    try {
      const now = daysFromNow(91);
      const runs = await Promise.all([purgeAt(now), purgeExpiredPersonalData((other ?? h.db.database).db, { now, retentionDays: 90 })]);
      const purged = runs.flatMap((x) => x.purged);
      expect(purged.filter((id) => id === a.id)).toHaveLength(1);
      expect(purged.filter((id) => id === b.id)).toHaveLength(1);
      expect(runs.flatMap((x) => x.failed)).toEqual([]);
    } finally {
      await other?.close();
    }
    // The redacted cards are delivered: nothing pending holds the second run back.
    await awaitSettled(h, a);
    await awaitSettled(h, b);
    const rowsBefore = await h.db.database.db.select().from(outbox).where(eq(outbox.requestId, a.id));
    const before = await reload(h, a);

    const again = await purgeAt(daysFromNow(92));
    expect(again).toEqual({ purged: [], failed: [] });
    expect(await purgeEventsOf(a)).toHaveLength(1);
    expect(await purgeEventsOf(b)).toHaveLength(1);
    expect(await reload(h, a)).toEqual(before);
    expect(await h.db.database.db.select().from(outbox).where(eq(outbox.requestId, a.id))).toHaveLength(rowsBefore.length);
  });

  it('a request the database refuses to purge stays whole while the others are purged, and the next run finishes the job', async () => {
    const first = await withdraw(h, await fileAndAwaitCard(h, VENDOR_USER, uniquePeople().fields('fictitious')));
    const people = uniquePeople();
    const reason = `Mangler avtale ${people.contactEmail.slice(5, 13)}.`;
    const second = await reject(h, await fileAndAwaitCard(h, VENDOR_USER, people.fields('fictitious')), reason);
    await awaitSettled(h, first);
    await awaitSettled(h, second);
    const db = h.db.database.db;
    // A real failure inside the purge's transaction, after its first statements ran.
    await db.execute(sql.raw(`
      create function refuse_purge() returns trigger language plpgsql as $$
      begin
        if new.purged_at is not null and old.purged_at is null and new.id = '${second.id}' then
          raise exception 'purge refused for the test';
        end if;
        return new;
      end $$`));
    await db.execute(sql.raw(`create trigger refuse_purge before update on requests for each row execute function refuse_purge()`));
    const outboxBefore = await db.select().from(outbox).where(eq(outbox.requestId, second.id));
    let run;
    try {
      run = await purgeAt(daysFromNow(91));
    } finally {
      await db.execute(sql.raw(`drop trigger refuse_purge on requests`));
      await db.execute(sql.raw(`drop function refuse_purge()`));
    }
    expect(run.purged).toContain(first.id);
    expect(run.purged).not.toContain(second.id);
    expect(run.failed).toEqual([second.id]);
    // Nothing half done: the refused request is as it was, and its history too.
    expect(await reload(h, second)).toMatchObject({ purgedAt: null, contactEmail: people.contactEmail, rejectionReason: reason });
    expect(await purgeEventsOf(second)).toEqual([]);
    expect(await db.select().from(outbox).where(eq(outbox.requestId, second.id))).toEqual(outboxBefore);
    expect(allText(outboxBefore)).toContain(reason);

    const next = await purgeAt(daysFromNow(91));
    expect(next).toEqual({ purged: [second.id], failed: [] });
    expect(await reload(h, second)).toMatchObject({ purgedAt: expect.any(Date), contactEmail: '', rejectionReason: null });
    expect(await rowsContaining(h, reason)).toEqual([]);
    expect(await purgeEventsOf(first)).toHaveLength(1);
    expect(await purgeEventsOf(second)).toHaveLength(1);
  });
});
