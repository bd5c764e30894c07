import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { newSigningKey, startFakeTeams, type FakeTeams } from '../support/fakeTeams.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT_ID = '99999999-8888-7777-6666-555555555555';
const PASSWORD = 'teams-app-password';

let teams: FakeTeams;
let h: Harness;
beforeAll(async () => {
  teams = await startFakeTeams({ appId: APP_ID, appPassword: PASSWORD, tenantId: TENANT_ID });
  h = await startHarness({ env: teamsEnv(PASSWORD) });
});
afterAll(async () => {
  await h?.stop();
  await teams?.close();
});

function teamsEnv(password: string): Record<string, string> {
  return {
    TEAMS_APP_ID: APP_ID,
    TEAMS_APP_PASSWORD: password,
    TEAMS_TENANT_ID: TENANT_ID,
    TEAMS_SERVICE_URL: teams.serviceUrl,
    TEAMS_OPENID_METADATA_URL: teams.openIdMetadataUrl,
    TEAMS_LOGIN_URL: teams.loginUrl,
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A personal-chat message as Teams sends one. */
function message(): Record<string, Json> {
  return {
    type: 'message',
    id: `1700000000${Math.floor(Math.random() * 1000)}`,
    timestamp: new Date().toISOString(),
    serviceUrl: teams.serviceUrl,
    channelId: 'msteams',
    from: { id: '29:staff-user', name: 'Staff', aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001' },
    conversation: { id: 'a:personal-chat', conversationType: 'personal', tenantId: TENANT_ID },
    recipient: { id: `28:${APP_ID}`, name: 'tt02-access' },
    text: 'hei, er du der?',
    locale: 'nb-NO',
    channelData: { tenant: { id: TENANT_ID } },
  };
}

async function post(body: string, authorization?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
  });
  return { status: res.status, text: await res.text() };
}

async function healthz(): Promise<{ status: number; body: { status: string; faults: number; teams?: { state: string; variable?: string }; teamsRequests?: { verified: number; badToken: number; hint?: string } } }> {
  const res = await fetch(`${h.server.url}/healthz`);
  return { status: res.status, body: (await res.json()) as never };
}

describe('POST /api/messages: every activity is verified', () => {
  it('a good activity, signed as the Bot Framework signs, is answered 2xx and counted as verified', async () => {
    const before = (await healthz()).body.teamsRequests!;
    const activity = message();
    const answer = await post(JSON.stringify(activity), teams.sign(activity));
    expect(answer.status).toBe(200);
    const after = await healthz();
    expect(after.body.teamsRequests).toMatchObject({ verified: before.verified + 1, badToken: before.badToken });
  });

  it('the app fetched its own token from the login endpoint with the client-credentials form, and /healthz reports Teams connected', async () => {
    expect(teams.tokenRequests[0]).toEqual({
      tenant: TENANT_ID,
      form: { grant_type: 'client_credentials', client_id: APP_ID, client_secret: PASSWORD, scope: 'https://api.botframework.com/.default' },
    });
    const { status, body } = await healthz();
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.teams).toEqual({ state: 'connected' });
  });

  type Activity = Record<string, Json>;
  const refusals: [string, (activity: Activity) => string | undefined, ((activity: Activity) => string)?][] = [
    ['no Authorization header', () => undefined],
    ['a token that is not a JWT', () => 'Bearer not-a-token'],
    ['a token signed by another key under the same kid', (activity) => teams.sign(activity, { key: newSigningKey().privateKey })],
    ['a token whose kid the keys do not have', (activity) => teams.sign(activity, { kid: 'unknown-key' })],
    ['a wrong audience', (activity) => teams.sign(activity, { claims: { aud: '00000000-0000-0000-0000-000000000000' } })],
    ['a wrong issuer', (activity) => teams.sign(activity, { claims: { iss: 'https://sts.windows.net/evil/' } })],
    ['no issuer', (activity) => teams.sign(activity, { claims: { iss: undefined } })],
    ['an expired token (past the 5 minutes the SDK tolerates)', (activity) => teams.sign(activity, { claims: { exp: Math.floor(Date.now() / 1000) - 3600 } })],
    ['a serviceurl claim that is not the activity’s serviceUrl', (activity) => teams.sign(activity, { claims: { serviceurl: 'https://smba.trafficmanager.net/emea/' } })],
    ['no serviceurl claim', (activity) => teams.sign(activity, { claims: { serviceurl: undefined } })],
    ['an activity without serviceUrl', (activity) => teams.sign(activity), (activity) => JSON.stringify({ ...activity, serviceUrl: undefined })],
    ['a body that is not JSON', (activity) => teams.sign(activity), () => '{"type": "message",'],
  ];
  it.each(refusals)('%s: 401, counted on /healthz', async (_name, authorization, body) => {
    const before = (await healthz()).body.teamsRequests!;
    const activity = message();
    const answer = await post(body ? body(activity) : JSON.stringify(activity), authorization(activity));
    expect(answer.status).toBe(401);
    const after = await healthz();
    expect(after.body.teamsRequests).toMatchObject({ verified: before.verified, badToken: before.badToken + 1 });
    expect(after.body.teams).toEqual({ state: 'connected' });
  });

  it('the first refusal is logged once, without the token or the activity', async () => {
    const line = await h.logged((l) => l.includes('Teams activity refused'));
    expect(line).toContain('"badToken":1');
    expect(h.logs.join('\n')).not.toContain('er du der');
    expect(h.logs.join('\n')).not.toContain('Bearer');
  });

  it('a body over 1 MiB is refused with 413 before any check', async () => {
    const activity = { ...message(), text: 'x'.repeat(1024 * 1024) };
    expect((await post(JSON.stringify(activity), teams.sign(activity))).status).toBe(413);
  });
});

/** Real activities of each kind the app will receive: the starting points for mutation. */
function templates(): Record<string, Json>[] {
  const base = message();
  return [
    base,
    { ...base, type: 'conversationUpdate', text: null, membersAdded: [{ id: `28:${APP_ID}` }], conversation: { id: '19:triage@thread.tacv2', conversationType: 'channel', tenantId: TENANT_ID } },
    { ...base, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'card_claim', data: { requestId: 'r1' } }, trigger: 'manual' } },
    { ...base, type: 'invoke', name: 'task/fetch', value: { data: { verb: 'open_intake' } } },
    { ...base, type: 'invoke', name: 'task/submit', value: { data: { verb: 'intake', vendor_org_number: '123' } } },
  ];
}

const anyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, '', 'x', [], {}, [null], { id: null }),
  fc.string({ maxLength: 8 }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

function pathsOf(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  const entries: [string | number, Json][] = Array.isArray(v) ? v.map((e, i) => [i, e]) : v && typeof v === 'object' ? Object.entries(v) : [];
  for (const [k, e] of entries) {
    out.push([...prefix, k]);
    pathsOf(e, [...prefix, k], out);
  }
  return out;
}

function mutate(root: Json, path: (string | number)[], op: 'delete' | 'replace', value: Json): Json {
  const copy = structuredClone(root);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key]!;
  const last = path[path.length - 1]!;
  if (op === 'delete' && Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (op === 'delete') delete (parent as Record<string, Json>)[last];
  else (parent as Record<string | number, Json>)[last] = value;
  return copy;
}

/** A real activity with one to three fields deleted or replaced by a value of another type, or any JSON at all. */
const mutatedActivity = (): fc.Arbitrary<Json> => fc.oneof(
  fc
    .tuple(fc.nat({ max: templates().length - 1 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete' as const, 'replace' as const), anyValue), { minLength: 1, maxLength: 3 }))
    .map(([t, ops]) => {
      let body: Json = templates()[t]!;
      for (const [n, op, value] of ops) {
        const paths = pathsOf(body);
        if (paths.length) body = mutate(body, paths[n % paths.length]!, op, value);
      }
      return body;
    }),
  fc.jsonValue() as fc.Arbitrary<Json>,
);

describe('no signed activity can stop the process', () => {
  it('every correctly signed activity, whatever its shape, gets a 2xx or 4xx, and the app keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedActivity(), { minLength: 6, maxLength: 6 }), async (bodies) => {
        const answers = await Promise.all(
          bodies.map((b) => post(JSON.stringify(b), teams.sign(b && typeof b === 'object' && !Array.isArray(b) ? b : {}))),
        );
        for (const a of answers) expect(a.status, a.text).toBeGreaterThanOrEqual(200);
        for (const a of answers) expect(a.status, a.text).toBeLessThan(500);
      }),
      { numRuns: 30, seed: 20261201 },
    );
    const after = await healthz();
    expect(after.status).toBe(200);
    expect(after.body.faults).toBe(0);
    const activity = message();
    expect((await post(JSON.stringify(activity), teams.sign(activity))).status).toBe(200);
  });
});

describe('signed activities without the fields every activity has', () => {
  const cases: [string, (a: Record<string, Json>) => Record<string, Json>][] = [
    ['no conversation', (a) => ({ ...a, conversation: null })],
    ['a conversation without id', (a) => ({ ...a, conversation: {} })],
    ['from that is a string', (a) => ({ ...a, from: 'x' })],
    ['no recipient', (a) => ({ ...a, recipient: null })],
    ['a type that is a number', (a) => ({ ...a, type: 7 })],
  ];
  it.each(cases)('%s: 400, and the next good activity is answered', async (_name, spoil) => {
    const bad = spoil(message());
    expect((await post(JSON.stringify(bad), teams.sign(bad))).status).toBe(400);
    const good = message();
    expect((await post(JSON.stringify(good), teams.sign(good))).status).toBe(200);
    expect((await healthz()).body.faults).toBe(0);
  });
});

describe('credentials the login endpoint refuses', () => {
  it('/healthz reports Teams rejected, naming TEAMS_APP_PASSWORD, and the process keeps serving', async () => {
    await h.stopApp();
    try {
      await h.restartApp(teamsEnv('wrong-password'));
      const { status, body } = await healthz();
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.teams).toMatchObject({ state: 'rejected', variable: 'TEAMS_APP_PASSWORD' });
      expect(h.logs.join('\n')).not.toContain('wrong-password');
    } finally {
      await h.stopApp();
      await h.restartApp(teamsEnv(PASSWORD));
    }
  });
});
