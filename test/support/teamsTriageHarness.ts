/**
 * The mixed set-up in one call: vendors on Slack (the Slack harness, test/support/harness.ts, with its
 * fake Slack, SMTP sink and database) and triage in a Teams channel (test/support/fakeTeams.ts: the
 * Bot Connector, Entra's token endpoint, the OpenID keys and Graph, all on 127.0.0.1). No
 * TRIAGE_CHANNEL_ID: TEAMS_TRIAGE_CONVERSATION_ID instead.
 *
 *   const h = await startTeamsTriageHarness();          // HarnessOptions as for startHarness
 *   const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, FICTITIOUS);   // filed in Slack, card in Teams
 *   const card = h.card(r);                              // the card message in the fake's triage channel
 *   cardText(card)                                       // every text on it, as one string
 *   h.replies(r)                                         // its reply chain, oldest first
 *   await h.waitForReply(r, (text) => text.includes('…'))
 *   h.ports                                              // the app's use cases' ports (app/…), to act as staff
 *   await h.stop();
 *
 * Staff: TEAMS_STAFF (Kari Saksbehandler) and TEAMS_STAFF_2 (Ola Saksbehandler), Entra object ids in
 * TEAMS_STAFF_AAD_IDS and already "met" (teams_people), so posts can @mention them.
 */
import type { Ports } from '../../src/app/ports.js';
import { rememberTeamsPerson } from '../../src/app/teamsPeople.js';
import type { RequestRow } from '../../src/db/schema.js';
import { startFakeTeams, type ConnectorCall, type FakeChannelMessage, type FakeTeams } from './fakeTeams.js';
import { startHarness, type Harness, type HarnessOptions } from './harness.js';
import { fileRequest, type IntakeFields } from './intake.js';
import { allText, byNumber } from './triage.js';

export const TEAMS_APP_ID = '11111111-2222-3333-4444-555555555555';
export const TEAMS_TENANT = '99999999-8888-7777-6666-555555555555';
export const TEAMS_PASSWORD = 'teams-app-password';
export const TEAMS_TEAM = '0f0f0f0f-1111-2222-3333-444444444444';
export const TEAMS_TRIAGE = '19:tt02triage@thread.tacv2';

export interface TeamsPersonFixture {
  aadObjectId: string;
  teamsUserId: string;
  name: string;
}
export const TEAMS_STAFF: TeamsPersonFixture = { aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001', teamsUserId: '29:staff-kari', name: 'Kari Saksbehandler' };
export const TEAMS_STAFF_2: TeamsPersonFixture = { aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000002', teamsUserId: '29:staff-ola', name: 'Ola Saksbehandler' };

export interface TeamsTriageHarness extends Harness {
  teams: FakeTeams;
  /** The app's ports over the test database: call app/ use cases as a Teams handler would. */
  ports: Ports;
  /** The request's card in the Teams triage channel (undefined until posted). */
  card(r: Pick<RequestRow, 'number'>): FakeChannelMessage | undefined;
  /** The card's reply chain, oldest first. */
  replies(r: Pick<RequestRow, 'number'>): FakeChannelMessage[];
  /** Resolves with the first Bot Connector call, made or to come, that matches. */
  waitForCall(match: (c: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  /** Resolves with the text of the first reply under the request's card that satisfies `pred`. */
  waitForReply(r: Pick<RequestRow, 'number' | 'triageTs'>, pred: (text: string) => boolean, timeoutMs?: number): Promise<string>;
}

/** Every text on a posted activity's card(s), as one string (JSON, so escapes show). */
export const cardText = (m: { activity: Record<string, unknown> } | undefined): string => allText(m?.activity.attachments ?? '');

const refOf = (number: number) => `TT02-${String(number).padStart(4, '0')}`;

/**
 * Options as for startHarness; `env` is applied last (a test may, e.g., unset TEAMS_TRIAGE_TEAM_ID with '').
 * `triage: 'slack'` keeps triage in the Slack harness's TRIAGE channel (Slack staff) and configures
 * Teams for vendors only: no TEAMS_TRIAGE_CONVERSATION_ID (see startTeamsVendorHarness).
 */
export async function startTeamsTriageHarness(opts: HarnessOptions & { triage?: 'teams' | 'slack' } = {}): Promise<TeamsTriageHarness> {
  const teams = await startFakeTeams({ appId: TEAMS_APP_ID, appPassword: TEAMS_PASSWORD, tenantId: TEAMS_TENANT });
  const triageInTeams = { TRIAGE_CHANNEL_ID: '', TEAMS_TRIAGE_CONVERSATION_ID: TEAMS_TRIAGE, TEAMS_TRIAGE_TEAM_ID: TEAMS_TEAM };
  let h: Harness;
  try {
    h = await startHarness({
      ...opts,
      env: {
        ...(opts.triage === 'slack' ? {} : triageInTeams),
        TEAMS_APP_ID,
        TEAMS_APP_PASSWORD: TEAMS_PASSWORD,
        TEAMS_TENANT_ID: TEAMS_TENANT,
        TEAMS_SERVICE_URL: teams.serviceUrl,
        TEAMS_OPENID_METADATA_URL: teams.openIdMetadataUrl,
        TEAMS_LOGIN_URL: teams.loginUrl,
        GRAPH_URL: teams.graphUrl,
        TEAMS_STAFF_AAD_IDS: `${TEAMS_STAFF.aadObjectId},${TEAMS_STAFF_2.aadObjectId}`,
        ...opts.env,
      },
    });
  } catch (err) {
    await teams.close();
    throw err;
  }
  const db = h.db.database.db;
  for (const p of [TEAMS_STAFF, TEAMS_STAFF_2]) {
    await rememberTeamsPerson({ db }, { ...p, tenantId: TEAMS_TENANT, locale: 'nb' });
  }
  const ports: Ports = { db, outboxNotify: () => h.server.worker?.kick() };
  const card = (r: Pick<RequestRow, 'number'>) => teams.channel(TEAMS_TRIAGE).find((m) => cardText(m).includes(refOf(r.number)));
  const stop = h.stop.bind(h);
  return Object.assign(Object.create(h) as Harness, {
    teams,
    ports,
    card,
    replies: (r: Pick<RequestRow, 'number'>) => card(r)?.replies ?? [],
    waitForCall: (match: (c: ConnectorCall) => boolean, timeoutMs?: number) => teams.waitForConnectorCall(match, timeoutMs),
    async waitForReply(r: Pick<RequestRow, 'number' | 'triageTs'>, pred: (text: string) => boolean, timeoutMs?: number) {
      const root = r.triageTs ?? card(r)?.id;
      const inChain = (c: ConnectorCall) => c.method === 'POST' && c.conversationId === `${TEAMS_TRIAGE};messageid=${root}` && pred(cardText(c));
      return cardText(await teams.waitForConnectorCall(inChain, timeoutMs));
    },
    async stop() {
      await stop();
      await teams.close();
    },
  }) as TeamsTriageHarness;
}

/**
 * The other mixed pairing: vendors in Teams (the fake Bot Connector), staff in Slack (the Slack
 * harness's TRIAGE channel, STAFF and STAFF_2). Teams credentials, no TEAMS_TRIAGE_CONVERSATION_ID.
 * `card`, `replies` and `waitForReply` name the Teams triage channel and find nothing here: use the
 * Slack helpers of test/support/triage.ts for the card.
 */
export const startTeamsVendorHarness = (opts: HarnessOptions = {}): Promise<TeamsTriageHarness> => startTeamsTriageHarness({ ...opts, triage: 'slack' });

/** Files a request from Slack (VENDOR_CHANNEL) and waits until its card is in Teams and both ids are stored. */
export async function fileAndAwaitTeamsCard(h: TeamsTriageHarness, user: string, fields: IntakeFields): Promise<RequestRow> {
  const { res } = await fileRequest(h, user, fields);
  const m = /TT02-(\d{4})/.exec(allText(res.body));
  if (!m) throw new Error(`intake was not accepted: ${allText(res.body)}`);
  const number = Number(m[1]);
  await h.waitForCall((c) => c.conversationId === TEAMS_TRIAGE && cardText(c).includes(m[0]));
  const worker = h.server.worker!;
  for (;;) {
    const next = new Promise((resolve) => worker.events.once('delivered', resolve));
    const row = await byNumber(h, number);
    if (row.triageTs && row.receiptTs) return row;
    await next;
  }
}
