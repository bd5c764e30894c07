/**
 * What every scenario works with: the options, the fake Slack API, the PostgreSQL database, the
 * child processes (started and timed here) and the clean-up that runs whatever happens.
 */
import { join } from 'node:path';
import postgres from 'postgres';
import { baseEnv, spawnChild, type Child } from './children.js';
import type { Options, Params } from './options.js';
import { idleRss } from './meter.js';
import { BURST_CHANNELS, SIGNING_SECRET, STAFF, STAFF_2, TRIAGE, VENDOR_CHANNEL } from './payloads.js';
import type { FakeRegister } from './register.js';
import type { BenchSlack } from './slack.js';
import { say } from './util.js';

export interface Bench {
  opts: Options;
  P: Params;
  slack: BenchSlack;
  /** The fake Enhetsregisteret of the register-on bursts. */
  register: FakeRegister;
  db: { url: string; sql: postgres.Sql };
  tmp: string;
  logDir: string;
  cpuProfDir: string | undefined;
  procs: Processes;
}

export class Processes {
  private readonly children = new Set<Child>();
  private readonly cleanups: (() => Promise<void>)[] = [];

  onCleanup(f: () => Promise<void>): void {
    this.cleanups.push(f);
  }

  track(c: Child): Child {
    this.children.add(c);
    return c;
  }

  async stop(c: Child): Promise<void> {
    await c.stop();
    this.children.delete(c);
  }

  async cleanup(): Promise<void> {
    for (const c of [...this.children]) await c.stop().catch(() => undefined);
    this.children.clear();
    for (const f of this.cleanups.splice(0).reverse()) await f().catch((e: unknown) => say(`cleanup: ${String(e)}`));
  }
}

/**
 * The app's environment: the fake for Slack, every bench vendor channel allowed, mail to files, the
 * register look-up off unless `registerUrl` is given (the register-on bursts).
 */
export function appEnv(b: Pick<Bench, 'slack'>, database: { url?: string; dataDir: string }, registerUrl = 'off'): Record<string, string> {
  return baseEnv({
    LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: b.slack.fake.url,
    TRIAGE_CHANNEL_ID: TRIAGE,
    STAFF_USER_IDS: `${STAFF},${STAFF_2}`,
    VENDOR_CHANNEL_IDS: [VENDOR_CHANNEL, ...BURST_CHANNELS].join(','),
    ENHETSREGISTERET_URL: registerUrl,
    // No morning digest in the triage channel while it is being measured.
    DIGEST_TIME: 'off',
    MAIL_FROM: 'TT02 <tt02@brreg.test>',
    DATA_DIR: database.dataDir,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
  });
}

export function bareEnv(b: Pick<Bench, 'slack' | 'register'>): Record<string, string> {
  return baseEnv({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: b.slack.fake.url,
    TRIAGE_CHANNEL_ID: TRIAGE,
    // Only its tt02_intake_post_register handler looks up.
    ENHETSREGISTERET_URL: b.register.url,
  });
}

export interface StartupSeries {
  child: Child;
  /** First start (creates/migrates the database, fills caches): not counted. */
  firstMs: number;
  times: number[];
  /** RSS of each timed start after a second at rest (MB), in start order. */
  idleRssMb: number[];
}

/** Starts a process 1 + n times, times the last n starts, and keeps the last one running. */
export async function startSeries(
  b: Bench,
  name: string,
  script: string,
  env: Record<string, string>,
  opts: { cpuProfDir?: string; nodeArgs?: string[] } = {},
): Promise<StartupSeries> {
  const logFile = join(b.logDir, `${name.replace(/\W+/g, '-').replace(/-$/, '')}.log`);
  const nodeArgs = opts.nodeArgs ?? [];
  // The first start migrates (PGlite: creates its data directory), which on a busy machine takes long.
  const first = await spawnChild({ name, script, env, logFile, nodeArgs, timeoutMs: 120_000 });
  const firstMs = first.startupMs;
  await first.stop();
  const times: number[] = [];
  const idleRssMb: number[] = [];
  let child: Child | undefined;
  for (let i = 0; i < b.P.startups; i++) {
    const last = i === b.P.startups - 1;
    const c = await spawnChild({ name, script, env, logFile, nodeArgs, ...(last && opts.cpuProfDir ? { cpuProfDir: opts.cpuProfDir } : {}) });
    times.push(c.startupMs);
    idleRssMb.push(await idleRss(c));
    if (last) child = b.procs.track(c);
    else await c.stop();
  }
  say(`${name}: start-up ${times.map((t) => t.toFixed(0)).join(', ')} ms (first start ${firstMs.toFixed(0)} ms, not counted); RSS at rest ${idleRssMb.map((r) => r.toFixed(1)).join(', ')} MB`);
  return { child: child!, firstMs, times, idleRssMb };
}

/** A fresh database on the bench's PostgreSQL server, dropped at clean-up. */
export async function createDatabase(procs: Processes): Promise<{ url: string; sql: postgres.Sql }> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = postgres(server, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin`select 1`;
  } catch (err) {
    await admin.end({ timeout: 1 }).catch(() => undefined);
    throw new Error(
      `PostgreSQL is not reachable at ${server.replace(/\/\/[^@]*@/, '//…@')} (${(err as Error).message}).\n` +
        `Start it (e.g. pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set BENCH_DATABASE_URL.`,
    );
  }
  const name = `tt02_bench_${Date.now().toString(36)}_${process.pid}`;
  await admin.unsafe(`create database ${name}`);
  procs.onCleanup(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  });
  const url = new URL(server);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  procs.onCleanup(() => sql.end({ timeout: 5 }));
  return { url: url.toString(), sql };
}
