/**
 * The SIGKILL drill through a Teams delivery: two real app processes on one PostgreSQL database,
 * vendors on Slack, triage in Teams. The Bot Connector takes a card post and holds its answer; the
 * instance that made it is killed. The survivor claims the row once the lease has lapsed, finds the
 * card through Graph and records it: one card, and its later updates and reply chain go to it.
 * Always on a PostgreSQL server, as test/outbox/twoInstances.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRequest } from '../../src/app/staffSteps.js';
import { rememberTeamsPerson } from '../../src/app/teamsPeople.js';
import { startAppInstance, ownerOfConnection, type AppInstance } from '../support/appInstances.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';
import { startFakeTeams, type FakeTeams } from '../support/fakeTeams.js';
import { SIGNING_SECRET, STAFF, VENDOR_CHANNEL, VENDOR_TEAM, VENDOR_USER, type Harness } from '../support/harness.js';
import { FICTITIOUS, fileRequest, freshOrgNumber } from '../support/intake.js';
import { createSlackSender } from '../support/slackRequests.js';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink.js';
import { cardText, TEAMS_APP_ID, TEAMS_PASSWORD, TEAMS_STAFF, TEAMS_TEAM, TEAMS_TENANT, TEAMS_TRIAGE } from '../support/teamsTriageHarness.js';
import { writeInThread } from '../support/threadMessages.js';
import { allText, byNumber } from '../support/triage.js';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LEASE_SECONDS = 5;
const LONG = 120_000;

let slack: FakeSlack;
let teams: FakeTeams;
let smtp: SmtpSink;
let db: TestDatabase;
let a: AppInstance;
let b: AppInstance;

beforeAll(async () => {
  slack = await startFakeSlack({
    channels: { [VENDOR_CHANNEL]: { name: 'ext-acme', is_ext_shared: true, is_shared: true } },
    users: { [VENDOR_USER]: { team_id: VENDOR_TEAM, locale: 'nb-NO', is_stranger: true }, [STAFF]: { team_id: 'THOST', locale: 'nb-NO' } },
  });
  teams = await startFakeTeams({ appId: TEAMS_APP_ID, appPassword: TEAMS_PASSWORD, tenantId: TEAMS_TENANT });
  smtp = await startSmtpSink();
  db = await openTestDatabase(SERVER);
  await rememberTeamsPerson({ db: db.database.db }, { ...TEAMS_STAFF, tenantId: TEAMS_TENANT, locale: 'nb' });
  const env = {
    DATABASE_URL: db.url!,
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'TT02 <tt02@brreg.test>',
    ENHETSREGISTERET_URL: 'off',
    DIGEST_TIME: 'off',
    MONTHLY_SUMMARY: 'off',
    OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
    TEAMS_APP_ID,
    TEAMS_APP_PASSWORD: TEAMS_PASSWORD,
    TEAMS_TENANT_ID: TEAMS_TENANT,
    TEAMS_TRIAGE_CONVERSATION_ID: TEAMS_TRIAGE,
    TEAMS_TRIAGE_TEAM_ID: TEAMS_TEAM,
    TEAMS_SERVICE_URL: teams.serviceUrl,
    TEAMS_OPENID_METADATA_URL: teams.openIdMetadataUrl,
    TEAMS_LOGIN_URL: teams.loginUrl,
    GRAPH_URL: teams.graphUrl,
    TEAMS_STAFF_AAD_IDS: TEAMS_STAFF.aadObjectId,
  };
  [a, b] = await Promise.all([startAppInstance('a', env), startAppInstance('b', env)]);
}, 60_000);

afterAll(async () => {
  for (const i of [a, b]) {
    if (!i) continue;
    i.kill('SIGKILL');
    await i.exited;
  }
  await db?.drop();
  await smtp?.close();
  await teams?.close();
  await slack?.close();
});

/** What the Slack helpers need of "an app": here, one of the two processes. */
function harnessFor(i: AppInstance): Harness {
  return {
    slack,
    smtp,
    db,
    server: { url: i.url, port: Number(new URL(i.url).port), database: db.database, stop: async () => i.kill('SIGTERM') },
    send: createSlackSender({ url: `${i.url}/slack/events`, signingSecret: SIGNING_SECRET, responseUrl: () => slack.responseUrl() }),
    logs: [],
    logged: () => Promise.reject(new Error('the app processes log to their own stdout')),
    env: {},
    stop: async () => undefined,
    stopApp: async () => i.kill('SIGTERM'),
    restartApp: async () => {
      throw new Error('not supported for app processes');
    },
  };
}

describe('two app processes, triage in Teams', () => {
  it(
    'an instance killed while the Bot Connector holds its card post: the survivor finds the card through Graph, and there is one card, updated and replied to',
    async () => {
      const hold = teams.holdNext({ match: (c) => c.method === 'POST' && c.conversationId === TEAMS_TRIAGE, answerAfterMs: 10 * 60_000 });
      const { res } = await fileRequest(harnessFor(a), VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
      const m = /TT02-(\d{4})/.exec(allText(res.body));
      if (!m) throw new Error(`intake not accepted: ${allText(res.body)}`);
      const held = await hold.held;
      expect(cardText(held)).toContain(m[0]);
      const victim = ownerOfConnection([a, b], held.clientPort);
      if (!victim) throw new Error('no instance owns the Bot Connector connection');
      const survivor = victim === a ? b : a;
      victim.kill('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');

      // A claim queues a card update behind the card post (one lane): the survivor delivers the post
      // once the dead instance's lease has lapsed, finding through Graph the card already made, and
      // then updates that card.
      const filed = await byNumber(harnessFor(survivor), Number(m[1]));
      await claimRequest({ db: db.database.db, outboxNotify: () => undefined }, { requestId: filed.id, actor: { userId: TEAMS_STAFF.aadObjectId }, expectedAssignee: null });
      await teams.waitForConnectorCall((c) => c.method === 'PUT' && c.activityId === held.answeredId && cardText(c).includes(TEAMS_STAFF.aadObjectId), LONG);
      const r = await byNumber(harnessFor(survivor), Number(m[1]));
      expect(r.triageTs).toBe(held.answeredId);
      expect(teams.graphReads.some((p) => p.startsWith(`/v1.0/teams/${TEAMS_TEAM}/channels/`))).toBe(true);

      await writeInThread(harnessFor(survivor), r, { user: VENDOR_USER, text: 'etter krasjet' });
      const reply = await teams.waitForConnectorCall((c) => c.conversationId === `${TEAMS_TRIAGE};messageid=${r.triageTs}` && cardText(c).includes('etter krasjet'), LONG);
      expect(cardText(reply)).toContain('<at>Kari Saksbehandler</at>');

      const cards = teams.channel(TEAMS_TRIAGE).filter((x) => cardText(x).includes(m[0]));
      expect(cards).toHaveLength(1);
      expect(cards[0]!.replies).toHaveLength(1);
    },
    180_000,
  );
});
