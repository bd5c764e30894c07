import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { requestEvents } from '../../src/db/schema.js';
import { texts } from '../../src/domain/texts/index.js';
import { createLogger } from '../../src/logger.js';
import { clickerOf } from '../../src/teams/clicker.js';
import { refuseUnlessStaff, type TeamsHandlerDeps } from '../../src/teams/respond.js';
import { createTeamsStaff } from '../../src/teams/staff.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { APP_ID, PASSWORD, T_OUTSIDER, T_STAFF, TEAMS_TRIAGE, TENANT_ID, type TeamsUser } from './support.js';

/**
 * With triage in a Teams channel (TEAMS_TRIAGE_CONVERSATION_ID), a staff step is taken only from it:
 * the card lives there, and its personal data must not be answered into another conversation.
 */
let db: TestDatabase;
let deps: TeamsHandlerDeps;
const logs: string[] = [];
beforeAll(async () => {
  db = await openTestDatabase();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'secret',
    TEAMS_APP_ID: APP_ID,
    TEAMS_APP_PASSWORD: PASSWORD,
    TEAMS_TENANT_ID: TENANT_ID,
    TEAMS_TRIAGE_CONVERSATION_ID: TEAMS_TRIAGE,
    TEAMS_STAFF_AAD_IDS: T_STAFF.aad,
  });
  const logger = createLogger('info', new Writable({ write: (c: Buffer, _e, cb) => (logs.push(c.toString()), cb()) }));
  deps = {
    ports: { db: db.database.db, outboxNotify: () => undefined },
    config,
    teams: config.teams!,
    // Not used by the staff gate.
    sdk: undefined as never,
    logger,
    staff: createTeamsStaff({ teams: config.teams!, cacheSeconds: 60, logger }),
  };
});
afterAll(async () => {
  await db?.drop();
});

const clickIn = (conversationId: string, who: TeamsUser) =>
  clickerOf({
    from: { id: who.id, name: who.name, aadObjectId: who.aad },
    conversation: { id: `${conversationId};messageid=1700000000001`, conversationType: 'channel', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: who.locale,
  })!;

const deniedOf = (who: TeamsUser) => db.database.db.select().from(requestEvents).where(eq(requestEvents.actorUserId, who.aad));

describe('the staff gate with triage in Teams', () => {
  it('staff in the triage channel (a reply chain of the card included) may act', async () => {
    expect(await refuseUnlessStaff(deps, clickIn(TEAMS_TRIAGE, T_STAFF), 'claim', null)).toBeNull();
  });

  it('staff anywhere else are refused (wrong channel), told in their language, and it is audited with the conversation', async () => {
    const text = await refuseUnlessStaff(deps, clickIn('19:other@thread.tacv2', T_STAFF), 'claim', null);
    expect(text).toBe(texts('nb').staff.notAllowed);
    expect((await deniedOf(T_STAFF)).map((e) => e.details)).toEqual([{ action: 'claim', reason: 'wrong_channel', channelId: '19:other@thread.tacv2' }]);
  });

  it('someone who is not staff is refused in the triage channel too', async () => {
    expect(await refuseUnlessStaff(deps, clickIn(TEAMS_TRIAGE, T_OUTSIDER), 'reject', null)).toBe(texts('en').staff.notAllowed);
    expect((await deniedOf(T_OUTSIDER)).map((e) => e.details)).toEqual([{ action: 'reject', reason: 'not_staff', channelId: TEAMS_TRIAGE }]);
    expect(logs.join('')).toContain('"reason":"not_staff"');
  });
});
