/**
 * Idle reminders with triage in Teams (issue 26, "Reminders"): the assignee gets them in their personal
 * chat with the bot, which the app opens if it has none stored; with two instances on one PostgreSQL
 * database each reminder reaches the chat exactly once. Always on a PostgreSQL server (as
 * test/outbox/twoInstances.test.ts), also in the PGlite pass: this is about instances.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EFFECT } from '../../src/app/effects.js';
import { claimRequest } from '../../src/app/staffSteps.js';
import { submitRequest } from '../../src/app/submitRequest.js';
import { outbox, teamsPeople, type OutboxRow } from '../../src/db/schema.js';
import { isWorkingDay, osloDay } from '../../src/domain/workingDays.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { startFakeTeams, type ConnectorCall, type FakeTeams } from '../support/fakeTeams.js';
import { FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import {
  APP_ID,
  PASSWORD,
  STAFF_A,
  STAFF_B,
  TENANT_ID,
  TRIAGE_CONVERSATION,
  messageFrom,
  personalChatOf,
  postActivity,
  startTeamsTools,
  type Person,
  type TeamsToolsInstance,
} from '../support/teamsTools.js';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A working-day morning (09:00 UTC, 10:00 in Oslo) two weeks on: every request claimed today is idle past the threshold. */
function laterMorning(): Date {
  const d = new Date(Date.now() + 14 * 24 * 3600_000);
  d.setUTCHours(9, 0, 0, 0);
  while (!isWorkingDay(osloDay(d))) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}
const clock = laterMorning();

let fake: FakeTeams;
let db: TestDatabase;
let a: TeamsToolsInstance;
let b: TeamsToolsInstance;

beforeAll(async () => {
  fake = await startFakeTeams({ appId: APP_ID, appPassword: PASSWORD, tenantId: TENANT_ID });
  db = await openTestDatabase(SERVER);
  [a, b] = await Promise.all([
    startTeamsTools({ fake, database: db.database, databaseUrl: db.url!, now: () => clock }),
    startTeamsTools({ fake, database: db.database, databaseUrl: db.url!, now: () => clock }),
  ]);
}, 60_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await db?.drop();
  await fake?.close();
});

async function claimedBy(who: Person, vendor: string): Promise<{ id: string; number: number }> {
  const r = await submitRequest(a.ports, {
    input: { ...FICTITIOUS, vendor_org_number: freshOrgNumber(), vendor_org_name: vendor },
    submissionKey: randomUUID(),
    requester: { userId: 'UVENDOR01', teamId: 'TVENDOR01' },
    channelId: `CVENDOR-${randomUUID()}`,
    locale: 'nb',
  });
  if (r.kind !== 'created') throw new Error(`not filed: ${r.kind}`);
  expect((await claimRequest(a.ports, { requestId: r.request.id, actor: { userId: who.aad, teamId: TENANT_ID }, expectedAssignee: null })).kind).toBe('ok');
  return r.request;
}

const idleTo = (who: Person, number: number) => (c: ConnectorCall) =>
  c.method === 'POST' && c.conversationId === personalChatOf(who) && JSON.stringify(c.activity).includes(`TT02-${String(number).padStart(4, '0')}`);

describe('idle reminders in Teams, two instances', () => {
  it('reach the assignee\'s personal chat exactly once each; the app opens the chat for someone it met only in the channel', async () => {
    // STAFF_A has been seen only in the triage channel (no personal chat yet); STAFF_B has written to the bot.
    for (const [who, where] of [[STAFF_A, { channel: TRIAGE_CONVERSATION }], [STAFF_B, { personal: true }]] as const) {
      expect((await postActivity(fake, a, messageFrom(fake, who, where, 'help'))).status).toBe(200);
    }
    const [rowA] = await db.database.db.select().from(teamsPeople).where(eq(teamsPeople.aadObjectId, STAFF_A.aad));
    expect(rowA?.personalConversationId).toBeNull();
    const ra = await claimedBy(STAFF_A, 'Stille Regnskap AS');
    const rb = await claimedBy(STAFF_B, 'Rolig Lønn AS');

    const delivered = new Map<number, string>();
    const bothDone = new Promise<void>((resolve) => {
      for (const i of [a, b]) {
        i.worker.events.on('delivered', (row: OutboxRow) => {
          if (row.kind !== EFFECT.idleReminder) return;
          delivered.set(row.id, i === a ? 'a' : 'b');
          if (delivered.size === 2) resolve();
        });
      }
    });
    // Both instances find the same reminders due at once.
    const runs = await Promise.all([a.reminders.tick(), b.reminders.tick()]);
    expect(runs.map((r) => r.idle)).toEqual([2, 2]);
    await bothDone;

    const toA = await fake.waitForConnectorCall(idleTo(STAFF_A, ra.number));
    const toB = await fake.waitForConnectorCall(idleTo(STAFF_B, rb.number));
    for (const call of [toA, toB]) {
      const text = JSON.stringify(call.activity);
      expect(text).toContain('har stått stille i');
      expect(text).toContain('Den er tildelt deg');
      expect(call.targeted).toBe(false);
    }
    expect(JSON.stringify(toA.activity)).toContain('Stille Regnskap AS');

    // A chat was opened for STAFF_A (with their 29: id, in our tenant) and kept; none for STAFF_B, who had one.
    expect(fake.conversationsCreated.map((c) => c.params)).toEqual([
      expect.objectContaining({ isGroup: false, bot: { id: `28:${APP_ID}` }, members: [expect.objectContaining({ id: STAFF_A.id })], tenantId: TENANT_ID }),
    ]);
    const [rowAfter] = await db.database.db.select().from(teamsPeople).where(eq(teamsPeople.aadObjectId, STAFF_A.aad));
    expect(rowAfter?.personalConversationId).toBe(personalChatOf(STAFF_A));

    // Ticking again, on both, adds nothing: one row per reminder, each delivered once.
    await Promise.all([a.reminders.tick(), b.reminders.tick()]);
    const rows = await db.database.db.select().from(outbox).where(eq(outbox.kind, EFFECT.idleReminder));
    expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
    expect(fake.connectorCalls.filter(idleTo(STAFF_A, ra.number))).toHaveLength(1);
    expect(fake.connectorCalls.filter(idleTo(STAFF_B, rb.number))).toHaveLength(1);
    expect(fake.conversationsCreated).toHaveLength(1);
  });
});
