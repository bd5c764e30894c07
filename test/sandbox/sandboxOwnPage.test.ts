/**
 * The running sandbox answers its own page only (issue 28, item 1): real HTTP requests to the
 * sandbox that `npm start` serves, as another page in the developer's browser (or a rebound DNS
 * name) would send them.
 */
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { VENDOR_CHANNEL } from '../../src/sandbox/cast.js';
import { startPageServer, type PageServer } from '../../src/sandbox/pageServer.js';
import { createWebApi } from '../../src/sandbox/webApi.js';
import { Workspace } from '../../src/sandbox/workspace.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { parseEnhet } from '../../src/register/enhetsregisteret.js';
import { SANDBOX_ENTERPRISES } from '../../src/sandbox/register.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { enhet, startFakeRegister, type FakeRegister } from '../support/fakeRegister.js';

interface Answer {
  status: number;
  body: string;
}

/**
 * One raw HTTP request (fetch would not let us set Host). `declaredLength` announces a body larger
 * than what is sent; `stream` keeps sending 64 KiB chunks until the server answers.
 */
function send(
  port: number,
  o: { method?: string; path: string; headers?: Record<string, string>; body?: string; stream?: boolean },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request({ host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: { host: `127.0.0.1:${port}`, ...o.headers } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may close while we still write: only its answer matters.
    req.on('error', (err) => (answered ? undefined : reject(err)));
    if (o.stream) {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (!answered && !req.destroyed && req.write(chunk));
        if (!answered && !req.destroyed) req.once('drain', pump);
      };
      pump();
      return;
    }
    req.end(o.body);
  });
}

let db: TestDatabase;
let dataDir: string;
let sandbox: RunningServer;
let port: number;
let own: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tt02-sandbox-own-page-'));
  db = await openTestDatabase();
  sandbox = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir }), { logger: createLogger('silent'), database: db.database });
  port = sandbox.port;
  own = `http://127.0.0.1:${port}`;
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const act = (text: string) => JSON.stringify({ kind: 'message', as: 'vendor', channel: VENDOR_CHANNEL.id, text });
const vendorChannelTexts = async (): Promise<string[]> => {
  const state = JSON.parse((await send(port, { path: '/sandbox/state?as=vendor' })).body) as { messages: { text: string }[] };
  return state.messages.map((m) => m.text);
};

describe('the running sandbox answers its own page only', () => {
  it('refuses a foreign Host (DNS rebinding): no mail, no state', async () => {
    for (const p of ['/sandbox/mail', '/sandbox/state?as=staff', '/']) {
      const answer = await send(port, { path: p, headers: { host: `attacker.example:${port}` } });
      expect(answer.status, p).toBe(403);
      expect(answer.body).not.toContain('@');
    }
    expect((await send(port, { path: '/sandbox/mail', headers: { host: `localhost:${port}` } })).status).toBe(200);
    expect((await send(port, { path: '/sandbox/mail', headers: { host: 'localhost:1' } })).status).toBe(403);
  });

  it("refuses another page's POST (foreign Origin), as text/plain or as JSON, and nothing is posted", async () => {
    for (const type of ['text/plain', 'application/json']) {
      const answer = await send(port, {
        method: 'POST',
        path: '/sandbox/act',
        headers: { origin: 'http://attacker.example', 'content-type': type },
        body: act(`from elsewhere ${type}`),
      });
      expect(answer.status, type).toBe(403);
    }
    // A response URL, an upload: the same.
    expect((await send(port, { method: 'POST', path: '/sandbox/upload/F1', headers: { origin: 'http://attacker.example' }, body: 'x' })).status).toBe(403);
    expect((await vendorChannelTexts()).filter((t) => t.startsWith('from elsewhere'))).toEqual([]);
  });

  it('refuses a text/plain POST (it needs no preflight) and a POST without the page’s Origin, even from this machine', async () => {
    const plain = await send(port, { method: 'POST', path: '/sandbox/act', headers: { origin: own, 'content-type': 'text/plain' }, body: act('plain text') });
    expect(plain.status).toBe(403);
    const noOrigin = await send(port, { method: 'POST', path: '/sandbox/act', headers: { 'content-type': 'application/json' }, body: act('no origin') });
    expect(noOrigin.status).toBe(403);
    // An upload without the token made at start-up cannot replace a file.
    const upload = await send(port, { method: 'POST', path: '/sandbox/upload/F1', headers: { 'content-type': 'text/csv' }, body: 'a,b' });
    expect(upload.status).toBe(403);
    expect(await vendorChannelTexts()).not.toContain('plain text');
    expect(await vendorChannelTexts()).not.toContain('no origin');
  });

  it('answers an oversized body with 413 without reading it, announced or streamed', async () => {
    const announced = await send(port, {
      method: 'POST',
      path: '/sandbox/act',
      headers: { origin: own, 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) },
      stream: true,
    });
    expect(announced.status).toBe(413);
    const streamed = await send(port, {
      method: 'POST',
      path: '/sandbox/act',
      headers: { origin: own, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      stream: true,
    });
    expect(streamed.status).toBe(413);
  });

  it('still serves the page and takes its own actions', async () => {
    expect((await send(port, { path: '/', headers: { host: `localhost:${port}` } })).status).toBe(200);
    const answer = await send(port, { method: 'POST', path: '/sandbox/act', headers: { origin: `http://localhost:${port}`, host: `localhost:${port}`, 'content-type': 'application/json' }, body: act('from the page') });
    expect(answer.status).toBe(200);
    expect(await vendorChannelTexts()).toContain('from the page');
  });
});

describe("the sandbox's Web API", () => {
  const TOKEN = 'xoxb-sandbox-own-page';
  let page: PageServer;
  beforeAll(async () => {
    const ws = new Workspace();
    const webApi = createWebApi(ws, { token: TOKEN, pageUrl: () => page.url });
    page = await startPageServer({
      port: 0,
      current: () => ({ triage: 'slack', folder: 'sandbox', ws, webApi, act: async () => undefined, mail: async () => [] }),
      health: async () => ({ status: 200, body: '{}' }),
      setup: [],
      token: TOKEN,
    });
  });
  afterAll(() => page?.close());

  it('checks the token before it reads the body, and caps the body', async () => {
    const headers = { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) };
    const stranger = await send(page.port, { method: 'POST', path: '/slack-api/chat.postMessage', headers: { ...headers, authorization: 'Bearer xoxb-wrong' }, stream: true });
    expect(JSON.parse(stranger.body)).toMatchObject({ ok: false, error: 'invalid_auth' });
    const app = await send(page.port, { method: 'POST', path: '/slack-api/chat.postMessage', headers: { ...headers, authorization: `Bearer ${TOKEN}` }, stream: true });
    expect(app.status).toBe(413);
    const fine = await send(page.port, {
      method: 'POST',
      path: '/slack-api/auth.test',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{}',
    });
    expect(JSON.parse(fine.body)).toMatchObject({ ok: true });
  });
});

describe("the sandbox's own Enhetsregisteret", () => {
  const enheter = (orgnr: string, o: { host?: string; method?: string } = {}) =>
    send(port, { method: o.method ?? 'GET', path: `/enhetsregisteret/api/enheter/${orgnr}`, ...(o.host ? { headers: { host: o.host } } : {}) });

  it("answers each of its enterprises in data.brreg.no's shape, as the app's register client reads it", async () => {
    const read = async (orgnr: string) => {
      const a = await enheter(orgnr);
      expect(a.status, orgnr).toBe(200);
      return parseEnhet(orgnr, JSON.parse(a.body));
    };
    expect(await read('921638450')).toMatchObject({ kind: 'found', name: 'ACME SYSTEMER AS', place: 'Oslo', bankrupt: false, deleted: false, windingUp: false, orgForm: 'AS' });
    expect(await read('927381060')).toMatchObject({ kind: 'found', name: 'FJORDKODE AS', place: 'Bergen', bankrupt: false, deleted: false });
    expect(await read('915564208')).toMatchObject({ kind: 'found', name: 'HAVBRIS BAKERI AS', place: 'Ålesund', bankrupt: true, deleted: false });
    expect(await read('926405195')).toMatchObject({ kind: 'found', name: 'SETESDAL TREBÅT AS', windingUp: true, bankrupt: false });
    const deleted = JSON.parse((await enheter('931722689')).body) as Record<string, unknown>;
    // A deleted enhet is reduced, as the register reduces it: no address, no status flags.
    expect(Object.keys(deleted).sort()).toEqual(['_links', 'navn', 'organisasjonsform', 'organisasjonsnummer', 'slettedato']);
    expect(await read('931722689')).toMatchObject({ kind: 'found', deleted: true, deletedOn: '2023-06-30' });
    expect((await enheter('918847332')).status).toBe(410);
    // Any other number, a real one included, is not in it.
    expect((await enheter('974760673')).status).toBe(404);
    // Every enterprise has a valid number (MOD11) and is one of these.
    expect(SANDBOX_ENTERPRISES.map((e) => e.orgNumber).sort()).toEqual(['915564208', '918847332', '921638450', '926405195', '927381060', '931722689']);
  });

  it('answers its own page only, and only GET of one enhet', async () => {
    const foreign = await enheter('921638450', { host: `attacker.example:${port}` });
    expect(foreign.status).toBe(403);
    expect(foreign.body).not.toContain('ACME');
    expect((await enheter('921638450', { method: 'POST' })).status).toBe(404);
    expect((await send(port, { path: '/enhetsregisteret/api/enheter?navn=acme' })).status).toBe(404);
    expect((await send(port, { path: '/enhetsregisteret/api/enheter/92163845x' })).status).toBe(404);
  });
});

describe('a sandbox started with ENHETSREGISTERET_URL set', () => {
  let fake: FakeRegister;
  let own: RunningServer;
  let ownDir: string;
  let ownDb: TestDatabase;
  beforeAll(async () => {
    fake = await startFakeRegister();
    fake.set('974760673', { kind: 'ok', body: enhet({ organisasjonsnummer: '974760673', navn: 'REGISTERET SELV AS' }) });
    ownDir = await mkdtemp(path.join(os.tmpdir(), 'tt02-sandbox-own-register-'));
    ownDb = await openTestDatabase();
    own = await startServer(loadConfig({ PORT: '0', DATA_DIR: ownDir, ENHETSREGISTERET_URL: fake.url }), { logger: createLogger('silent'), database: ownDb.database });
  }, 60_000);
  afterAll(async () => {
    await own?.stop();
    await fake?.close();
    await ownDb?.drop();
    await rm(ownDir, { recursive: true, force: true });
  });

  it("looks numbers up there, not in the sandbox's own register", async () => {
    const post = (body: unknown) =>
      send(own.port, { method: 'POST', path: '/sandbox/act', headers: { origin: `http://127.0.0.1:${own.port}`, host: `127.0.0.1:${own.port}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const state = async () =>
      JSON.parse((await send(own.port, { path: '/sandbox/state?as=vendor' })).body) as { modals: { id: string; view: { blocks: { block_id?: string; elements?: { text?: string }[] }[] } }[] };
    expect((await post({ kind: 'message', as: 'vendor', channel: VENDOR_CHANNEL.id, text: '/tt02-access' })).status).toBe(200);
    const viewId = await vi.waitFor(async () => {
      const m = (await state()).modals[0];
      if (!m) throw new Error('no modal yet');
      return m.id;
    }, { timeout: 10_000 });
    const typed = { type: 'plain_text_input', value: '974760673' };
    const answered = fake.answered('974760673');
    await post({ kind: 'view_action', as: 'vendor', viewId, values: { vendor_org_number: { vendor_org_number: typed } }, action: { action_id: 'vendor_org_number', block_id: 'vendor_org_number', ...typed } });
    expect(await answered).toBe(200);
    // The answer shows under the field, from the register the user chose.
    await vi.waitFor(async () => {
      const note = (await state()).modals[0]?.view.blocks.find((b) => b.block_id === 'vendor_org_number_register');
      expect(note?.elements?.[0]?.text).toContain('REGISTERET SELV AS');
    }, { timeout: 10_000 });
  });
});
