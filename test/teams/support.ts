import { expect } from 'vitest';
import type { Harness } from '../support/harness.js';
import type { FakeTeams } from '../support/fakeTeams.js';

export const APP_ID = '11111111-2222-3333-4444-555555555555';
export const TENANT_ID = '99999999-8888-7777-6666-555555555555';
export const OTHER_TENANT_ID = '12345678-1234-1234-1234-123456789012';
export const PASSWORD = 'teams-app-password';
export const TEAMS_TRIAGE = '19:triage0123456789@thread.tacv2';
export const STAFF_GROUP_ID = 'abcdefab-0000-4000-8000-000000000099';

export interface TeamsUser {
  id: string;
  name: string;
  aad: string;
  locale?: string;
  tenant?: string;
}

/** Listed in TEAMS_STAFF_AAD_IDS. */
export const T_STAFF: TeamsUser = { id: '29:staff-one', name: 'Siri Saksbehandler', aad: 'aaaaaaaa-0000-4000-8000-000000000001', locale: 'nb-NO' };
export const T_STAFF_2: TeamsUser = { id: '29:staff-two', name: 'Ola Saksbehandler', aad: 'aaaaaaaa-0000-4000-8000-000000000002', locale: 'en-GB' };
/** Members of the staff group (checked through Graph), one for each Graph test so the cache never answers. */
export const T_GROUP: TeamsUser[] = [3, 4, 5, 6].map((n) => ({ id: `29:group-${n}`, name: `Gruppe ${n}`, aad: `aaaaaaaa-0000-4000-8000-00000000000${n}`, locale: 'nb-NO' }));
/** In our tenant, in no list and no group. */
export const T_OUTSIDER: TeamsUser = { id: '29:outsider', name: 'Per Utenfor', aad: 'bbbbbbbb-0000-4000-8000-000000000001', locale: 'en-US' };
/** Staff in the picker, but not in the triage team's roster. */
export const T_NOT_IN_TEAM: TeamsUser = { id: '29:elsewhere', name: 'Kari Annetsted', aad: 'aaaaaaaa-0000-4000-8000-000000000009', locale: 'nb-NO' };

export function teamsEnv(teams: FakeTeams, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TEAMS_APP_ID: APP_ID,
    TEAMS_APP_PASSWORD: PASSWORD,
    TEAMS_TENANT_ID: TENANT_ID,
    TEAMS_SERVICE_URL: teams.serviceUrl,
    TEAMS_OPENID_METADATA_URL: teams.openIdMetadataUrl,
    TEAMS_LOGIN_URL: teams.loginUrl,
    GRAPH_URL: teams.graphUrl,
    TEAMS_STAFF_AAD_IDS: [T_STAFF.aad, T_STAFF_2.aad, T_NOT_IN_TEAM.aad].join(','),
    TEAMS_STAFF_GROUP_ID: STAFF_GROUP_ID,
    ...extra,
  };
}

export const teamsOptions = {
  appId: APP_ID,
  appPassword: PASSWORD,
  tenantId: TENANT_ID,
  groups: { [STAFF_GROUP_ID]: T_GROUP.map((u) => u.aad) },
  members: { [TEAMS_TRIAGE]: [T_STAFF, T_STAFF_2, ...T_GROUP].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aad })) },
};

/** An invoke as Teams sends one from the triage channel's card (a reply chain of the card's root). */
export function invokeActivity(teams: FakeTeams, name: string, value: unknown, who: TeamsUser, o: { conversationId?: string } = {}): Record<string, unknown> {
  const tenant = who.tenant ?? TENANT_ID;
  return {
    type: 'invoke',
    name,
    value,
    id: `f:${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    serviceUrl: teams.serviceUrl,
    channelId: 'msteams',
    from: { id: who.id, name: who.name, aadObjectId: who.aad },
    conversation: { id: `${o.conversationId ?? TEAMS_TRIAGE};messageid=1700000000001`, conversationType: 'channel', tenantId: tenant, isGroup: true },
    recipient: { id: `28:${APP_ID}`, name: 'tt02-access' },
    locale: who.locale ?? 'nb-NO',
    channelData: { tenant: { id: tenant }, channel: { id: o.conversationId ?? TEAMS_TRIAGE }, team: { id: TEAMS_TRIAGE } },
  };
}

/** A card or dialog element, as the JSON Teams gets (only what tests read). */
export interface El {
  type?: string;
  id?: string;
  text?: string;
  color?: string;
  value?: string;
  items?: El[];
  [k: string]: unknown;
}

export interface CardJson {
  body: El[];
  actions: { type: string; title?: string; verb?: string; data?: Record<string, unknown> }[];
}

/** An invoke's answer body: an `adaptiveCard/action` answer, or a dialog's (`task`). */
export interface InvokeBody {
  statusCode?: number;
  type?: string;
  value?: unknown;
  task?: { type: string; value?: unknown };
}

export interface InvokeAnswer {
  status: number;
  body: InvokeBody | undefined;
  ms: number;
}

/** Posts a signed activity to /api/messages; `authorization` overrides the good token. */
export async function postActivity(h: Harness, teams: FakeTeams, activity: Record<string, unknown>, authorization?: string): Promise<InvokeAnswer> {
  const started = Date.now();
  const res = await fetch(`${h.server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: authorization ?? teams.sign(activity) },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as InvokeBody) : undefined, ms: Date.now() - started };
}

/** The texts of a card's (or dialog's) TextBlocks, in order, nested containers included. */
export function textBlocks(card: CardJson): string[] {
  const out: string[] = [];
  const walk = (els: El[]) => {
    for (const e of els) {
      if (e.type === 'TextBlock') out.push(e.text ?? '');
      if (e.items) walk(e.items);
    }
  };
  walk(card.body);
  return out;
}

/** The element right after the input `id` in a dialog's body (where its error goes). */
export function elementAfter(card: CardJson, id: string): El | undefined {
  const i = card.body.findIndex((e) => e.id === id);
  return i >= 0 ? card.body[i + 1] : undefined;
}

export const inputOf = (card: CardJson, id: string): El | undefined => card.body.find((e) => e.id === id);

/**
 * Clicks on the triage card and its dialogs, signed as Teams signs them, from `conversationId` (default
 * TEAMS_TRIAGE above; test/support/teamsTriageHarness.ts's triage channel for the mixed set-up).
 * `ctx` is read at each call, so a file may create these before its beforeAll starts the harness.
 */
export function teamsInvokers(ctx: () => { h: Harness; teams: FakeTeams }, o: { conversationId?: string } = {}) {
  const post = (activity: Record<string, unknown>, authorization?: string) => postActivity(ctx().h, ctx().teams, activity, authorization);
  const invoke = (name: string, value: unknown, who: TeamsUser) => post(invokeActivity(ctx().teams, name, value, who, o));
  return {
    post,
    /** An Action.Execute click on the card. */
    execute: (verb: string, data: Record<string, unknown>, who: TeamsUser = T_STAFF): Promise<InvokeAnswer> =>
      invoke('adaptiveCard/action', { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' }, who),
    /** A dialog button's click (task/fetch), with the data the card's Action.Submit carries. */
    openDialog: (verb: string, r: { id: string; status: string }, who: TeamsUser = T_STAFF, x?: string): Promise<InvokeAnswer> =>
      invoke('task/fetch', { data: { verb, r: r.id, s: r.status, ...(x ? { x } : {}), msteams: { type: 'task/fetch' } }, context: { theme: 'default' } }, who),
    /** The dialog's submit (task/submit): its button's data with the inputs, as Teams merges them. */
    submitDialog: (dialog: InvokeAnswer | { card: CardJson }, inputs: Record<string, string>, who: TeamsUser = T_STAFF): Promise<InvokeAnswer> => {
      const card = 'card' in dialog ? dialog.card : dialogCard(dialog);
      return invoke('task/submit', { data: { ...card.actions[0]!.data, ...inputs }, context: { theme: 'default' } }, who);
    },
  };
}

export interface DialogInfo {
  title: string;
  card: { contentType: string; content: CardJson };
}

export function dialogInfo(a: InvokeAnswer): DialogInfo {
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  expect(a.body?.task?.type).toBe('continue');
  const info = a.body!.task!.value as DialogInfo;
  expect(info.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return info;
}
export const dialogCard = (a: InvokeAnswer): CardJson => dialogInfo(a).card.content;

/** An `adaptiveCard/action` answered with a card (for the clicker). */
export function answeredCard(a: InvokeAnswer): CardJson {
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  expect(a.body?.type).toBe('application/vnd.microsoft.card.adaptive');
  return a.body!.value as CardJson;
}

/** An `adaptiveCard/action` answered with a message only the clicker sees. */
export function answeredMessage(a: InvokeAnswer): string {
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  expect(a.body?.type).toBe('application/vnd.microsoft.activity.message');
  return a.body!.value as string;
}

/** A closed dialog: 200 and no body. */
export function closed(a: InvokeAnswer): void {
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  expect(a.body).toBeUndefined();
}

export const buttonData = (card: CardJson, verb: string): Record<string, unknown> | undefined =>
  card.actions.find((a) => a.verb === verb || a.data?.verb === verb)?.data;

/** One staff member working a card (teamsInvokers with the clicker fixed): `open` a dialog, `submit` it. */
export function staffInvokes(h: Harness, teams: FakeTeams, who: TeamsUser, conversationId?: string) {
  const inv = teamsInvokers(() => ({ h, teams }), conversationId ? { conversationId } : {});
  return {
    execute: (verb: string, data: Record<string, unknown>) => inv.execute(verb, data, who),
    open: (verb: string, r: { id: string; status: string }) => inv.openDialog(verb, r, who),
    submit: (dialog: InvokeAnswer, inputs: Record<string, string>) => inv.submitDialog(dialog, inputs, who),
  };
}

/** A dialog closed after its submit. */
export const expectClosed = closed;
