/**
 * The sandbox plays Slack by Slack's rules, and only where it should: never with Slack settings,
 * never off 127.0.0.1, never with SANDBOX=off.
 */
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { BOT, USERS, VENDOR_CHANNEL } from '../../src/sandbox/cast.js';
import { startPageServer } from '../../src/sandbox/pageServer.js';
import { createWebApi } from '../../src/sandbox/webApi.js';
import { Workspace } from '../../src/sandbox/workspace.js';
import { startServer } from '../../src/server.js';
import { openTestDatabase } from '../support/db.js';

const TOKEN = 'xoxb-sandbox-test';
const modal = (title = 'TT02 access') => ({ type: 'modal' as const, title: { type: 'plain_text' as const, text: title }, blocks: [] });

describe("the sandbox's Web API", () => {
  let ws: Workspace;
  let server: Server;
  let client: WebClient;

  beforeAll(async () => {
    ws = new Workspace();
    const handle = createWebApi(ws, { token: TOKEN, pageUrl: () => 'http://127.0.0.1:1' });
    server = createServer((req, res) => void handle(req, res, (req.url ?? '').replace('/api/', '')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = new WebClient(TOKEN, { slackApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, retryConfig: { retries: 0 } });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  afterEach(() => vi.useRealTimers());

  const error = (p: Promise<unknown>) => p.then(() => 'ok', (e: { data?: { error?: string } }) => e.data?.error);

  it('takes a trigger id once, and not after 3 seconds', async () => {
    const trigger = ws.mintTrigger(USERS.vendor.id);
    const opened = await client.views.open({ trigger_id: trigger, view: modal() });
    expect(opened.view?.id).toMatch(/^V/);
    expect(await error(client.views.open({ trigger_id: trigger, view: modal() }))).toBe('exchanged_trigger_id');
    expect(await error(client.views.open({ trigger_id: 'made-up', view: modal() }))).toBe('invalid_trigger_id');

    vi.useFakeTimers({ toFake: ['Date'] });
    const late = ws.mintTrigger(USERS.vendor.id);
    vi.setSystemTime(Date.now() + 3001);
    expect(await error(client.views.open({ trigger_id: late, view: modal() }))).toBe('expired_trigger_id');
  });

  it('updates a view only by its id and current hash', async () => {
    const opened = await client.views.open({ trigger_id: ws.mintTrigger(USERS.staff.id), view: modal() });
    const { id, hash } = opened.view as { id: string; hash: string };
    expect(await error(client.views.update({ view_id: 'VNOPE', view: modal() }))).toBe('not_found');
    const updated = await client.views.update({ view_id: id, hash, view: modal('Updated') });
    expect(await error(client.views.update({ view_id: id, hash, view: modal('Stale') }))).toBe('hash_conflict');
    expect((updated.view as { title: { text: string } }).title.text).toBe('Updated');
    expect((ws.views.get(id)?.view.title as { text: string }).text).toBe('Updated');
  });

  it('pushes at most two views onto a modal', async () => {
    await client.views.open({ trigger_id: ws.mintTrigger(USERS.colleague.id), view: modal() });
    await client.views.push({ trigger_id: ws.mintTrigger(USERS.colleague.id), view: modal('Second') });
    await client.views.push({ trigger_id: ws.mintTrigger(USERS.colleague.id), view: modal('Third') });
    expect(await error(client.views.push({ trigger_id: ws.mintTrigger(USERS.colleague.id), view: modal('Fourth') }))).toBe('push_limit_reached');
  });

  it('refuses what breaks Block Kit limits, as Slack does', async () => {
    expect(await error(client.views.open({ trigger_id: ws.mintTrigger(USERS.vendor.id), view: modal('A title that is too long!') }))).toBe('invalid_arguments');
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'x' } };
    expect(await error(client.chat.postMessage({ channel: VENDOR_CHANNEL.id, text: 'many', blocks: Array(51).fill(section) }))).toBe('invalid_blocks');
    const longButton = { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x'.repeat(76) } }] };
    expect(await error(client.chat.postMessage({ channel: VENDOR_CHANNEL.id, text: 'button', blocks: [longButton] }))).toBe('invalid_blocks');
    expect(await error(client.chat.postMessage({ channel: 'CNOWHERE1', text: 'hi' }))).toBe('channel_not_found');
    const ok = await client.chat.postMessage({ channel: VENDOR_CHANNEL.id, text: 'fine', blocks: [section] });
    expect(ws.message(VENDOR_CHANNEL.id, ok.ts!)?.user).toBe(BOT.userId);
  });

  it('publishes only a home view of at most 100 blocks, kept per user', async () => {
    const section = { type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'row' } };
    expect(await error(client.views.publish({ user_id: USERS.staff.id, view: modal() as never }))).toBe('invalid_arguments');
    expect(await error(client.views.publish({ user_id: USERS.staff.id, view: { type: 'home', blocks: Array(101).fill(section) } }))).toBe('invalid_arguments');
    expect(await error(client.views.publish({ user_id: 'UNOBODY01', view: { type: 'home', blocks: [section] } }))).toBe('user_not_found');
    const first = await client.views.publish({ user_id: USERS.staff.id, view: { type: 'home', blocks: Array(100).fill(section) } });
    const again = await client.views.publish({ user_id: USERS.staff.id, view: { type: 'home', blocks: [section] } });
    expect(again.view?.id).toBe(first.view?.id);
    expect(ws.homeOf(USERS.staff.id)?.view.blocks).toHaveLength(1);
    expect(ws.homeOf(USERS.vendor.id)).toBeUndefined();
  });

  it('shares an upload only once its bytes have arrived, and opens direct messages with known people only', async () => {
    expect(await error(client.files.getUploadURLExternal({ filename: 'list.csv', length: 0 }))).toBe('invalid_arguments');
    const url = await client.files.getUploadURLExternal({ filename: 'list.csv', length: 12 });
    expect(url.upload_url).toBe(`http://127.0.0.1:1/sandbox/upload/${url.file_id}`);
    expect(await error(client.files.completeUploadExternal({ files: [{ id: url.file_id! }], channel_id: VENDOR_CHANNEL.id }))).toBe('file_not_found');
    expect(await error(client.conversations.open({ users: 'UNOBODY01' }))).toBe('user_not_found');
    const dm = await client.conversations.open({ users: USERS.staff.id });
    await ws.storeBytes(url.file_id!, Buffer.from('a,b\n1,2\n'));
    expect(await error(client.files.completeUploadExternal({ files: [{ id: url.file_id! }], channel_id: 'CNOPE0001' }))).toBe('channel_not_found');
    await client.files.completeUploadExternal({ files: [{ id: url.file_id!, title: 'List' }], channel_id: dm.channel!.id!, initial_comment: 'Your list' });
    const shared = [...ws.messages.values()].find((m) => m.channel === dm.channel!.id);
    expect(shared).toMatchObject({ text: 'Your list', user: BOT.userId, files: [{ name: 'list.csv', title: 'List', mimetype: 'text/csv', size: 8 }] });
  });

  it('refuses a wrong token', async () => {
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: client.slackApiUrl, retryConfig: { retries: 0 } });
    expect(await error(stranger.auth.test())).toBe('invalid_auth');
  });
});

describe('when the sandbox runs', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tt02-sandbox-rules-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));
  const logger = createLogger('silent');

  it('never runs when a Slack credential is set, or with SANDBOX off (off, false, 0, no)', () => {
    expect(loadConfig({}).sandbox).toBe(true);
    expect(loadConfig({ SANDBOX: 'on' }).sandbox).toBe(true);
    for (const off of ['off', 'false', '0', 'no', ' OFF ', 'No']) expect(loadConfig({ SANDBOX: off }).sandbox, off).toBe(false);
    expect(() => loadConfig({ SANDBOX: 'maybe' })).toThrow(/SANDBOX \(got "maybe"\): should be on or off/);
    expect(loadConfig({}).sandboxTriage).toBe('slack');
    expect(loadConfig({ SANDBOX_TRIAGE: ' Teams ' }).sandboxTriage).toBe('teams');
    expect(() => loadConfig({ SANDBOX_TRIAGE: 'both' })).toThrow(/SANDBOX_TRIAGE \(got "both"\): should be slack or teams/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' }).sandbox).toBe(false);
    expect(loadConfig({ SLACK_SIGNING_SECRET: 'secret' }).sandbox).toBe(false);
    expect(loadConfig({ SLACK_APP_TOKEN: 'xapp-1' }).sandbox).toBe(false);
  });

  it('serves the sandbox page with no Slack settings, its data under DATA_DIR/sandbox', async () => {
    const running = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir }), { logger });
    try {
      const page = await fetch(`${running.url}/`).then((r) => r.text());
      expect(page).toContain('local sandbox');
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      expect(existsSync(path.join(dataDir, 'sandbox', 'pglite'))).toBe(true);
      expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
      // The app builds permalinks from auth.test's URL, Slack's way: they lead to the message here.
      const link = await fetch(`${running.url}/archives/${VENDOR_CHANNEL.id}/p1700000000000100`, { redirect: 'manual' });
      expect(link.status).toBe(302);
      expect(link.headers.get('location')).toBe(`/#${VENDOR_CHANNEL.id}/1700000000.000100`);
    } finally {
      await running.stop();
    }
  }, 60_000);

  it('starts where staff triage was when it last ran, unless SANDBOX_TRIAGE says otherwise; moves only on its own page’s JSON', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tt02-sandbox-triage-'));
    const { database, drop } = await openTestDatabase();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        cb();
      },
    });
    const triageOf = async (env: Record<string, string>) => {
      lines.length = 0;
      const running = await startServer(loadConfig({ PORT: '0', DATA_DIR: dir, ...env }), { logger: createLogger('info', sink), database });
      try {
        const state = (await (await fetch(`${running.url}/sandbox/state?as=staff`)).json()) as { triage: string; channels: { id: string }[] };
        const started = lines.find((l) => l.includes('a local sandbox plays Slack and Teams')) ?? '';
        expect(started).toContain(`staff triage in ${state.triage === 'teams' ? 'Teams' : 'Slack'}`);
        expect(started).toContain('Staff triage: Slack | Teams');
        // The move's own endpoint: JSON from the page's own origin, saying where.
        const post = (headers: Record<string, string>, body: string) => fetch(`${running.url}/sandbox/triage`, { method: 'POST', headers, body });
        expect((await post({ 'content-type': 'application/json', origin: 'http://evil.example' }, '{"triage":"teams"}')).status).toBe(403);
        expect((await post({ 'content-type': 'text/plain', origin: running.url }, '{"triage":"teams"}')).status).toBe(403);
        expect((await post({ 'content-type': 'application/json' }, '{"triage":"teams"}')).status).toBe(403);
        expect((await post({ 'content-type': 'application/json', origin: running.url }, '{"triage":"both"}')).status).toBe(400);
        return { triage: state.triage, slackTriageChannel: state.channels.some((c) => c.id === 'GTRIAGE01') };
      } finally {
        await running.stop();
      }
    };
    try {
      // Left in Teams last time (the page's control writes this): the next plain start opens there.
      await writeFile(path.join(dir, 'sandbox-triage.json'), JSON.stringify({ triage: 'teams' }));
      await expect(triageOf({})).resolves.toEqual({ triage: 'teams', slackTriageChannel: false });
      expect(existsSync(path.join(dir, 'sandbox-teams-triage', 'workspace.json'))).toBe(true);
      // SANDBOX_TRIAGE, when set, decides at start-up; the next plain start opens where that one left it.
      await expect(triageOf({ SANDBOX_TRIAGE: 'slack' })).resolves.toEqual({ triage: 'slack', slackTriageChannel: true });
      await expect(readFile(path.join(dir, 'sandbox-triage.json'), 'utf8')).resolves.toBe('{"triage":"slack"}');
      await expect(triageOf({})).resolves.toEqual({ triage: 'slack', slackTriageChannel: true });
      await expect(triageOf({ SANDBOX_TRIAGE: 'teams' })).resolves.toEqual({ triage: 'teams', slackTriageChannel: false });
    } finally {
      await drop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('keeps staff triage where it was, and says why, when the app cannot start on the other side', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tt02-sandbox-triage-fails-'));
    const { database, drop } = await openTestDatabase();
    // Teams triage's folder cannot be made: a file is in its place.
    await writeFile(path.join(dir, 'sandbox-teams-triage'), 'not a folder');
    const running = await startServer(loadConfig({ PORT: '0', DATA_DIR: dir }), { logger, database });
    try {
      const move = await fetch(`${running.url}/sandbox/triage`, { method: 'POST', headers: { 'content-type': 'application/json', origin: running.url }, body: '{"triage":"teams"}' });
      expect(move.status).toBe(500);
      expect(((await move.json()) as { error: string }).error).toMatch(/^Staff triage could not move to Teams \(.+\), so it stays in Slack\. The terminal running npm start has the details\.$/s);
      const state = (await (await fetch(`${running.url}/sandbox/state?as=staff`)).json()) as { triage: string; triageMovingTo: string | null };
      expect(state).toMatchObject({ triage: 'slack', triageMovingTo: null });
      // The app is back, on Slack triage's data.
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      expect(running.database).toBe(database);
      const act = await fetch(`${running.url}/sandbox/act`, { method: 'POST', headers: { 'content-type': 'application/json', origin: running.url }, body: JSON.stringify({ as: 'vendor', kind: 'message', channel: VENDOR_CHANNEL.id, text: 'still here' }) });
      expect(act.status).toBe(200);
    } finally {
      await running.stop();
      await drop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('keeps the set-up page with SANDBOX=off', async () => {
    // The test's database rather than a new one under DATA_DIR: the set-up page is what is checked.
    const { database } = await openTestDatabase();
    const running = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir, SANDBOX: 'off' }), { logger, database });
    try {
      const page = await fetch(`${running.url}/`).then((r) => r.text());
      expect(page).toContain('not connected to Slack');
      expect(page).toContain('SLACK_BOT_TOKEN');
    } finally {
      await running.stop();
    }
  }, 60_000);

  it('listens on 127.0.0.1 only', async () => {
    const page = await startPageServer({
      port: 0,
      current: () => ({ triage: 'slack', folder: 'sandbox', ws: new Workspace(), webApi: async () => undefined, act: async () => undefined, mail: async () => [] }),
      health: async () => ({ status: 200, body: '{}' }),
      setup: [],
      token: 'xoxb-sandbox-test',
    });
    try {
      expect((page.server.address() as AddressInfo).address).toBe('127.0.0.1');
    } finally {
      await page.close();
    }
  });
});
