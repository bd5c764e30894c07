/**
 * The sandbox as `npm start` serves it with nothing configured (plus `env`, e.g. SANDBOX_TRIAGE), on a
 * test database, with a headless Chromium page on it; the app's log lines are kept in `logs`.
 *
 *   const s = await startSandboxPage({ SANDBOX_TRIAGE: 'teams' });   // in beforeAll
 *   await s.page.goto(`${s.sandbox.url}/?as=vendor`);
 *   await s.stop();                                                   // in afterAll
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { launchBrowser, type TestBrowser } from './browser.js';
import { openTestDatabase, type TestDatabase } from './db.js';

export interface SandboxPage {
  sandbox: RunningServer;
  browser: TestBrowser;
  page: Page;
  db: TestDatabase;
  logs: string[];
  /** DATA_DIR (a new temporary folder). */
  dataDir: string;
  stop(): Promise<void>;
}

export async function startSandboxPage(env: Record<string, string> = {}): Promise<SandboxPage> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tt02-sandbox-'));
  const db = await openTestDatabase();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const sandbox = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir, ...env }), { logger: createLogger('info', sink), database: db.database });
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  return {
    sandbox,
    browser,
    page,
    db,
    logs,
    dataDir,
    async stop() {
      await browser.close();
      await sandbox.stop();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
