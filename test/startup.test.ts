import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startServer, type RunningServer } from '../src/server.js';
import { openTestDatabase, type TestDatabase } from './support/db.js';
import { startFakeSlack, type FakeSlack } from './support/fakeSlack.js';
import { SIGNING_SECRET, TRIAGE, VENDOR_CHANNEL, VENDOR_USER } from './support/harness.js';
import { createSlackSender } from './support/slackRequests.js';

/** A port nothing listens on (taken, then released): "Slack unreachable". */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface HealthBody {
  status: string;
  faults: number;
  slack: { state: string; attempts?: number; lastError?: string; variable?: string; slackAnswered?: string };
}
async function health(url: string): Promise<{ status: number; body: HealthBody }> {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as HealthBody };
}

const refuseToken = { 'auth.test': () => ({ ok: false, error: 'invalid_auth' }) };

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('start-up in process', () => {
  const logs: string[] = [];
  const logger = createLogger('info', new Writable({ write: (c: Buffer, _e, cb) => (logs.push(...c.toString().split('\n').filter(Boolean)), cb()) }));
  const env = (apiUrl: string) => ({ PORT: '0', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl, TRIAGE_CHANNEL_ID: TRIAGE, ENHETSREGISTERET_URL: 'off' });
  let server: RunningServer | undefined;
  let slack: FakeSlack | undefined;
  afterEach(async () => {
    await server?.stop();
    await slack?.close();
    server = slack = undefined;
  });

  it('a token Slack refuses ends start-up with one error naming SLACK_BOT_TOKEN and what Slack answered', async () => {
    slack = await startFakeSlack({ handlers: refuseToken });
    const started = startServer(loadConfig(env(slack.url)), { logger, database: db.database });
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    await expect(started).rejects.toThrow(/SLACK_BOT_TOKEN: Slack refused it \(auth.test answered "invalid_auth"\)/);
    expect(logs.some((l) => l.includes('tt02-access is running'))).toBe(false);
  });

  it('Slack unreachable at start-up: /healthz reports degraded while it retries, and the app connects when Slack is back', async () => {
    const port = await closedPort();
    server = await startServer(loadConfig(env(`http://127.0.0.1:${port}/api/`)), { logger, database: db.database, slackRetry: { baseDelayMs: 50, maxDelayMs: 200 } });
    const degraded = await until('a second attempt', async () => {
      const hz = await health(server!.url);
      return (hz.body.slack.attempts ?? 0) >= 2 ? hz : undefined;
    });
    expect(degraded.status).toBe(200); // the database answers; Slack's state is in the body
    expect(degraded.body.status).toBe('degraded');
    expect(degraded.body.slack).toMatchObject({ state: 'connecting', lastError: expect.stringContaining('ECONNREFUSED') });
    const send = createSlackSender({ url: `${server.url}/slack/events`, signingSecret: SIGNING_SECRET });
    expect((await send.command({ command: '/tt02-access', user_id: VENDOR_USER, channel_id: VENDOR_CHANNEL })).status).toBe(503);

    slack = await startFakeSlack({ port, channels: { [VENDOR_CHANNEL]: { is_ext_shared: true } } });
    await server.slackReady;
    const ok = await health(server.url);
    expect(ok.body).toMatchObject({ status: 'ok', slack: { state: 'connected' } });
    const res = await send.command({ command: '/tt02-access', user_id: VENDOR_USER, channel_id: VENDOR_CHANNEL });
    expect(res.status).toBe(200);
    await slack.waitFor('views.open');
  });

  it('Slack that refuses the token once reached after an outage fails slackReady with the same message', async () => {
    const port = await closedPort();
    server = await startServer(loadConfig(env(`http://127.0.0.1:${port}/api/`)), { logger, database: db.database, slackRetry: { baseDelayMs: 50, maxDelayMs: 200 } });
    slack = await startFakeSlack({ port, handlers: refuseToken });
    await expect(server.slackReady).rejects.toThrow(/SLACK_BOT_TOKEN: Slack refused it \(auth.test answered "invalid_auth"\)/);
    expect((await health(server.url)).body.slack).toEqual({ state: 'rejected', variable: 'SLACK_BOT_TOKEN', slackAnswered: 'invalid_auth' });
  });
});

/** The real entry point as a child process (`node --import tsx src/main.ts`), or the given script (the production bundle). */
function spawnApp(env: Record<string, string>, preload: string[] = [], script?: string) {
  const args = script ? [script] : ['--import', 'tsx', ...preload.flatMap((p) => ['--import', p]), 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ENHETSREGISTERET_URL: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('start-up of the real process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tt02-startup-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const dbEnv = (): Record<string, string> => (db.url ? { DATABASE_URL: db.url } : { DATA_DIR: dataDir });
  const slackEnv = (apiUrl: string, port: number): Record<string, string> => ({
    ...dbEnv(),
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-wrong-or-right',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    TRIAGE_CHANNEL_ID: TRIAGE,
    STAFF_USER_IDS: 'USTAFF001',
  });
  const STACK_FRAME = /^\s+at /m;

  it('the production bundle (npm run build: scripts/bundle.mjs) starts, migrates, opens the modal for /tt02-access, and stops cleanly', async () => {
    // Only the bundle step: tsc's per-file output is not what start:prod runs.
    const bundled = spawn(process.execPath, ['scripts/bundle.mjs'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bundleErr = '';
    bundled.stderr.on('data', (d: Buffer) => (bundleErr += d.toString()));
    expect(await new Promise((r) => bundled.on('exit', r)), bundleErr).toBe(0);
    // What the bundle holds in memory at every start (npm run bench, idle RSS): one byte per character
    // (a single other character makes V8 keep the 5 MB source as UTF-16), and neither the Teams SDK nor
    // PGlite unless used (a static import of an external is loaded at start, configured or not).
    const source = readFileSync('dist/src/main.bundle.js', 'utf8');
    expect(source.match(/[^\t\n\r\x20-\x7e]/gu) ?? []).toEqual([]);
    expect(source.match(/^import .* from "(@microsoft\/teams[^"]*|@electric-sql\/pglite|drizzle-orm\/pglite[^"]*)";$/gm) ?? []).toEqual([]);

    const slack = await startFakeSlack({ channels: { [VENDOR_CHANNEL]: { is_ext_shared: true } } });
    const port = await closedPort();
    const app = spawnApp({ ...slackEnv(slack.url, port), VENDOR_CHANNEL_IDS: VENDOR_CHANNEL }, [], 'dist/src/main.bundle.js');
    const url = `http://127.0.0.1:${port}`;
    try {
      await until('connected', async () => ((await health(url)).body.slack.state === 'connected' ? true : undefined), 40_000);
      const send = createSlackSender({ url: `${url}/slack/events`, signingSecret: SIGNING_SECRET });
      const res = await send.command({ command: '/tt02-access', user_id: VENDOR_USER, channel_id: VENDOR_CHANNEL });
      expect(res.status).toBe(200);
      const open = await slack.waitFor('views.open');
      expect(JSON.stringify(open.args)).toContain('tt02_intake');
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      expect(app.out() + app.err()).not.toMatch(STACK_FRAME);
    } finally {
      app.child.kill('SIGKILL');
      await slack.close();
    }
  }, 90_000);

  it('with a token Slack refuses, it exits 1 with one message naming SLACK_BOT_TOKEN and no stack trace', async () => {
    const slack = await startFakeSlack({ handlers: refuseToken });
    try {
      const app = spawnApp(slackEnv(slack.url, await closedPort()));
      expect(await app.exited).toBe(1);
      expect(app.err()).toContain('SLACK_BOT_TOKEN: Slack refused it (auth.test answered "invalid_auth")');
      expect(app.err()).toContain('Fix the variables above');
      expect(app.out() + app.err()).not.toMatch(STACK_FRAME);
      expect(app.out()).not.toContain('tt02-access is running');
    } finally {
      await slack.close();
    }
  }, 60_000);

  it('with Slack unreachable, it stays up reporting degraded, connects when Slack is back, and stops cleanly', async () => {
    const apiPort = await closedPort();
    const port = await closedPort();
    const app = spawnApp(slackEnv(`http://127.0.0.1:${apiPort}/api/`, port));
    const url = `http://127.0.0.1:${port}`;
    let slack: FakeSlack | undefined;
    try {
      const degraded = await until('two attempts', async () => {
        const hz = await health(url);
        return (hz.body.slack.attempts ?? 0) >= 2 ? hz : undefined;
      }, 40_000);
      expect(degraded.body).toMatchObject({ status: 'degraded', slack: { state: 'connecting' } });
      expect(app.child.exitCode).toBeNull();

      slack = await startFakeSlack({ port: apiPort });
      await until('connected', async () => ((await health(url)).body.slack.state === 'connected' ? true : undefined), 30_000);
      await until('the running line', async () => (app.out().includes('tt02-access is running') ? true : undefined));
      expect(app.out()).toContain('Slack is unreachable: retrying');
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      expect(app.out() + app.err()).not.toMatch(STACK_FRAME);
    } finally {
      app.child.kill('SIGKILL');
      await slack?.close();
    }
  }, 90_000);

  it('an exception nothing caught is logged without personal data and counted on /healthz, and the process keeps serving', async () => {
    const slack = await startFakeSlack();
    const port = await closedPort();
    // Test-only preload: on SIGUSR2 it throws from a timer and rejects a promise nobody awaits.
    const app = spawnApp(slackEnv(slack.url, port), ['./test/support/faultOnSignal.ts']);
    const url = `http://127.0.0.1:${port}`;
    try {
      await until('connected', async () => ((await health(url)).body.slack.state === 'connected' ? true : undefined), 40_000);
      app.child.kill('SIGUSR2');
      const after = await until('two faults', async () => {
        const hz = await health(url);
        return hz.body.faults >= 2 ? hz : undefined;
      });
      expect(after.status).toBe(200);
      expect(after.body.faults).toBe(2);
      expect(app.child.exitCode).toBeNull();
      const faultLines = await until('both fault lines', async () => {
        const lines = app.out().split('\n').filter((l) => l.includes('"fault"'));
        return lines.length >= 2 ? lines : undefined;
      });
      expect(faultLines.some((l) => l.includes('uncaughtException'))).toBe(true);
      expect(faultLines.some((l) => l.includes('unhandledRejection'))).toBe(true);
      expect(faultLines.join('\n')).toContain('faultOnSignal.ts'); // the stack still points at the bug
      for (const secret of ['kari@acme.no', '412 34 567', 'Kari Nordmann', '15076500565']) expect(app.out()).not.toContain(secret);
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    } finally {
      app.child.kill('SIGKILL');
      await slack.close();
    }
  }, 90_000);
});

describe('DATA_DIR at start-up', () => {
  /** Every file and folder under `dir` that someone else on the machine could read or enter. */
  function readableByOthers(dir: string): string[] {
    const out: string[] = [];
    const walk = (p: string) => {
      const s = lstatSync(p);
      if (s.isSymbolicLink()) return;
      if (s.mode & 0o077) out.push(`${p} ${(s.mode & 0o777).toString(8)}`);
      if (s.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
    };
    walk(dir);
    return out;
  }

  it('is the app user’s only: the embedded database, the sandbox’s messages and files, and what was there before', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tt02-data-dir-'));
    chmodSync(dataDir, 0o755);
    // Left by an older version: world-readable.
    mkdirSync(join(dataDir, 'mail'), { mode: 0o755 });
    writeFileSync(join(dataDir, 'mail', 'old.eml'), 'Subject: x\r\n\r\nold', { mode: 0o644 });
    chmodSync(join(dataDir, 'mail', 'old.eml'), 0o666);
    // With nothing configured: the sandbox, on its own PGlite under DATA_DIR/sandbox.
    const running = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir }), { logger: createLogger('silent') });
    try {
      const act = await fetch(`${running.url}/sandbox/act`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: running.url },
        body: JSON.stringify({ kind: 'message', as: 'vendor', channel: 'CVENDOR01', text: 'hello' }),
      });
      expect(act.status).toBe(200);
    } finally {
      await running.stop();
    }
    try {
      expect(existsSync(join(dataDir, 'sandbox', 'workspace.json'))).toBe(true);
      expect(readdirSync(join(dataDir, 'sandbox', 'pglite')).length).toBeGreaterThan(0);
      expect(readableByOthers(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses to start, in one line naming DATA_DIR, when it cannot be made private', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'tt02-data-dir-'));
    // A file where the folder should be: nothing can be created under it.
    writeFileSync(join(parent, 'data'), '');
    try {
      const started = startServer(loadConfig({ PORT: '0', DATA_DIR: join(parent, 'data', 'inner'), SANDBOX: 'off' }), { logger: createLogger('silent') });
      await expect(started).rejects.toBeInstanceOf(ConfigError);
      await expect(started).rejects.toThrow(/DATA_DIR \(.*\): could not make it private to this user/);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
