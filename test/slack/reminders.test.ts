import { eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { outbox, requestEvents, requests } from '../../src/db/schema.js';
import { osloDay, osloMinutes } from '../../src/domain/workingDays.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { STAFF, TRIAGE, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { allText, awaitCard, awaitModal, clickCard, fileAndAwaitCard, reload, submitModal, text, threadNotes } from '../support/triage.js';

/** An instant given as Oslo wall-clock time (CET or CEST, whichever applies that day). */
function oslo(day: string, hm: string): Date {
  for (const offset of ['+01:00', '+02:00']) {
    const d = new Date(`${day}T${hm}:00${offset}`);
    if (osloDay(d) === day && osloMinutes(d) === Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3))) return d;
  }
  throw new Error(`no such Oslo time ${day} ${hm}`);
}

// Tuesday 1 December 2026 is when the requests below "happened"; Monday 7 December is 4 working days later.
const FILED = oslo('2026-12-01', '10:00');
let clock = oslo('2026-12-07', '08:29');

let h: Harness;
let second: RunningServer | undefined;
beforeAll(async () => {
  h = await startHarness({ now: () => clock, env: { DIGEST_TIME: '08:30' } });
});
afterAll(async () => {
  await second?.stop();
  await h?.stop();
});

const fictitious = (name: string) => ({ ...FICTITIOUS, vendor_org_name: name, vendor_org_number: freshOrgNumber() });
const ref = (n: number) => `TT02-${String(n).padStart(4, '0')}`;

/** Moves a request and its whole history back to `at`, as if it had been filed and worked on then. */
async function backdate(id: string, at: Date): Promise<void> {
  const db = h.db.database.db;
  await db.update(requests).set({ createdAt: at }).where(eq(requests.id, id));
  await db.update(requestEvents).set({ at }).where(eq(requestEvents.requestId, id));
}

const keys = async (pattern: string) =>
  (await h.db.database.db.select({ key: outbox.dedupeKey, status: outbox.status }).from(outbox).where(like(outbox.dedupeKey, pattern)));

/** Waits until no outbox row matching `pattern` is pending any more. */
async function settled(pattern: string): Promise<void> {
  for (;;) {
    const next = new Promise((resolve) => h.server.worker!.events.once('delivered', resolve));
    const [row] = await h.db.database.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(outbox)
      .where(sql`${outbox.dedupeKey} like ${pattern} and ${outbox.status} = 'pending'`);
    if ((row?.n ?? 0) === 0) return;
    await Promise.race([next, new Promise((r) => setTimeout(r, 200))]);
  }
}

const digests = () => h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === TRIAGE && String(c.args.text).startsWith('Morgenoversikt'));

describe('reminders on Norwegian working days, on a clock the test controls', () => {
  it('posts the morning digest once at DIGEST_TIME, however many ticks and instances, and not again after a restart', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious('Digest Vendor AS'));
    await backdate(r.id, FILED);

    expect((await h.server.reminders!.tick()).digest).toBe(false); // 08:29
    expect(await keys('digest:%')).toHaveLength(0);

    clock = oslo('2026-12-07', '08:31');
    // A second instance on the same database, ticking at the same moment.
    second = await startServer(loadConfig(h.env), { logger: createLogger('silent'), database: h.db.database, now: () => clock, outbox: { pollMs: 100 } });
    await Promise.all([h.server.reminders!.tick(), h.server.reminders!.tick(), second.reminders!.tick(), second.reminders!.tick()]);
    const call = await h.slack.waitFor('chat.postMessage', (a) => a.channel === TRIAGE && String(a.text).startsWith('Morgenoversikt'));
    await settled('digest:%');
    expect(await keys('digest:%')).toEqual([{ key: 'digest:2026-12-07', status: 'done' }]);
    expect(digests()).toHaveLength(1);

    const blocks = allText(call.args.blocks);
    expect(blocks).toContain('Morgenoversikt 2026-12-07');
    expect(blocks).toContain('*Ikke tildelt (frist 1 arbeidsdag)* (1)');
    expect(blocks).toContain('*Over fristen: Altinn-steget (frist 3 arbeidsdager)* (1)');
    // Filed Tuesday: Wednesday, Thursday, Friday and Monday are 4 working days.
    expect(blocks).toContain(`:warning: <${(await reload(h, r)).triagePermalink}|${ref(r.number)}> · Digest Vendor AS · 4 arbeidsdager · ikke tildelt`);
    expect(blocks).not.toContain('kari@acme.no');

    // Restarted at 08:40: the schedule is in the database, and today's digest is already done.
    await second.stop();
    second = undefined;
    await h.stopApp();
    clock = oslo('2026-12-07', '08:40');
    await h.restartApp();
    await h.server.reminders!.tick();
    expect(await keys('digest:%')).toHaveLength(1);
    expect(digests()).toHaveLength(1);
  });

  it('sends nothing on weekends and public holidays, Easter included', async () => {
    for (const day of ['2026-12-05', '2026-12-06', '2026-12-25', '2026-04-06', '2027-03-25']) {
      clock = oslo(day, '09:00');
      expect(await h.server.reminders!.tick()).toEqual({ digest: false, idle: 0, nudges: 0 });
    }
    expect((await keys('digest:%')).map((k) => k.key)).toEqual(['digest:2026-12-07']);
  });

  it('sends the assignee one direct message when their request has been idle past the step threshold', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious('Idle Vendor AS'));
    await clickCard(h, { user: STAFF, actionId: 'card_claim', request: r, extra: '' });
    await awaitCard(h, r, (c) => c.includes(`<@${STAFF}>`));
    expect((await reload(h, r)).assigneeUserId).toBe(STAFF);
    await backdate(r.id, FILED);

    clock = oslo('2026-12-03', '09:00'); // 2 working days: not yet
    await h.server.reminders!.tick();
    expect(await keys(`idle:${r.id}:%`)).toHaveLength(0);

    clock = oslo('2026-12-07', '09:00');
    await h.server.reminders!.tick();
    await h.server.reminders!.tick();
    const dm = await h.slack.waitFor('chat.postMessage', (a) => a.channel === STAFF);
    await settled('idle:%');
    // The threshold (3 working days after Tuesday) was crossed on Friday.
    expect((await keys(`idle:${r.id}:%`)).map((k) => k.key)).toEqual([`idle:${r.id}:2026-12-04`]);
    expect(h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === STAFF)).toHaveLength(1);
    expect(String(dm.args.text)).toContain(`${ref(r.number)} (Idle Vendor AS) har stått stille i 4 arbeidsdager`);
    expect(allText(dm.args.blocks)).toContain((await reload(h, r)).triagePermalink!);
  });

  it('nudges the vendor once on an unanswered question: a reminder in the thread that mentions the requester, and an email to the contact person', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious('Nudge Vendor AS'));
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_ask_info', request: r });
    const ask = await awaitModal(h, 'staff_ask_info', opened);
    await submitModal(h, { user: STAFF, callbackId: 'staff_ask_info', privateMetadata: ask.view.private_metadata, values: text('question', 'Hvilket miljø tester dere fra?') });
    await h.slack.waitFor('chat.postMessage', (a) => a.thread_ts === r.receiptTs && allText(a.blocks).includes('Hvilket miljø'));
    await backdate(r.id, FILED);
    const question = (await h.db.database.db.select().from(requestEvents).where(eq(requestEvents.requestId, r.id))).find((e) => e.kind === 'needs_info')!;

    clock = oslo('2026-12-03', '09:00');
    await h.server.reminders!.tick();
    expect(await keys(`nudge%:${r.id}:%`)).toHaveLength(0);

    clock = oslo('2026-12-07', '09:00');
    await Promise.all([h.server.reminders!.tick(), h.server.reminders!.tick()]);
    // The question itself @mentions the requester too: the nudge is the note that says we are still waiting.
    const isNudge = (blocks: unknown) => allText(blocks).includes(`<@${VENDOR_USER}>`) && allText(blocks).includes('venter fortsatt');
    const note = await h.slack.waitFor('chat.postMessage', (a) => a.thread_ts === r.receiptTs && isNudge(a.blocks));
    const mail = await h.smtp.awaitMessage((m) => m.parsed.subject === `Vi venter på svar fra dere – ${ref(r.number)}`);
    await settled('nudge%');

    expect((await keys(`nudge%:${r.id}:%`)).map((k) => k.key).sort()).toEqual([`nudge-mail:${r.id}:${question.id}`, `nudge:${r.id}:${question.id}`]);
    expect(allText(note.args.blocks)).toContain('4 arbeidsdager');
    expect(threadNotes(h, r).filter((c) => isNudge(c.args.blocks))).toHaveLength(1);
    // No personal data in the shared channel.
    expect(allText(note.args)).not.toMatch(/@acme|412 ?34 ?567/i);
    expect(mail.envelope.to).toEqual(['kari@acme.no']);
    expect(mail.parsed.text).toContain('Hvilket miljø tester dere fra?');
    expect(mail.parsed.text).toContain('Hei Kari Nordmann');
    expect(h.smtp.messages.filter((m) => m.parsed.subject?.startsWith('Vi venter på svar'))).toHaveLength(1);
  });
});

describe('reminder settings', () => {
  it('reads DIGEST_TIME and the thresholds in working days, with defaults, and refuses malformed values by name', () => {
    const base = loadConfig({}).reminders;
    expect(base).toEqual({ digestAt: 8 * 60 + 30, unassignedDays: 1, stepDays: 3, vendorDays: 5, nudgeVendorDays: 3 });
    expect(loadConfig({ DIGEST_TIME: 'off' }).reminders.digestAt).toBeNull();
    expect(loadConfig({ DIGEST_TIME: '07:05', THRESHOLD_STEP_DAYS: '4' }).reminders).toMatchObject({ digestAt: 7 * 60 + 5, stepDays: 4 });
    for (const env of [{ DIGEST_TIME: '8:30' }, { DIGEST_TIME: '24:00' }, { NUDGE_VENDOR_DAYS: '0' }, { THRESHOLD_VENDOR_DAYS: 'two' }]) {
      const name = Object.keys(env)[0]!;
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(new RegExp(name));
    }
  });
});
