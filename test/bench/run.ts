/**
 * `npm run bench [-- --json FILE] [--quick] [--cpu-prof DIR] [--no-pglite] [--app-entry FILE.js]`
 *
 * Speed and memory of the app, side by side with a bare Bolt app, in one run: starts the fake Slack
 * API (in this process), a fresh PostgreSQL database, the app and a bare Bolt app (each in its own
 * child process), drives signed requests at both with autocannon (50 connections, warm-up excluded)
 * and prints a table; `--json FILE` also writes the figures. See test/bench/README.md.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';
import { signSlackRequest } from '../support/slackRequests.js';
import { baseEnv, cpuSecondsOfCommand, machineCpuSeconds, spawnChild, type Child } from './children.js';
import { combineLoads, median, percentile, runLoad, type LoadResult } from './load.js';
import {
  BAD_ORG_NUMBER,
  SIGNING_SECRET,
  STAFF,
  STAFF_2,
  TRIAGE,
  VENDOR_CHANNEL,
  VENDOR_TEAM,
  VENDOR_USERS,
  buttonClick,
  claimClick,
  orgNumberSource,
  setResponseUrl,
  slashCommand,
  submission,
  viewIdSource,
  type Built,
} from './payloads.js';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

interface Options {
  json?: string;
  quick: boolean;
  cpuProfDir?: string;
  pglite: boolean;
  appEntry: string;
  appNodeArgs: string[];
}

const USAGE = `usage: npm run bench -- [--json FILE] [--quick] [--cpu-prof DIR] [--no-pglite] [--app-entry FILE]

  --json FILE       also write the figures as JSON
  --quick           short runs (about 2 minutes) to try the bench out; figures are rough
  --cpu-prof DIR    write a V8 CPU profile of the PostgreSQL app process (and keep the logs) in DIR
  --no-pglite       skip the PGlite part
  --app-entry FILE  start the app from FILE instead of the compiled dist/test/bench/appProcess.js
                    (e.g. test/bench/appProcess.ts to measure it under tsx, as npm start runs it)
  --app-node-args=FLAGS  Node.js flags for the app process (default --max-old-space-size=128, as npm run start:prod)`;

function parseArgs(argv: string[]): Options {
  // The production build (`npm run build`, which `npm run bench` runs first): what a deployment runs.
  const o: Options = { quick: false, pglite: true, appEntry: 'dist/test/bench/appProcess.js', appNodeArgs: ['--max-old-space-size=128'] };
  const value = (i: number, name: string): string => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value (try --help)`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = () => inline ?? value(++i, flag);
    if (flag === '--json') o.json = take();
    else if (flag === '--cpu-prof') o.cpuProfDir = take();
    else if (flag === '--app-entry') o.appEntry = take();
    else if (flag === '--app-node-args') o.appNodeArgs = take().split(/\s+/).filter(Boolean);
    else if (flag === '--quick') o.quick = true;
    else if (flag === '--no-pglite') o.pglite = false;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));

const CONNECTIONS = 50;
/** Durations: the full run stays under 5 minutes on a 2-core machine. */
const P = opts.quick
  ? { warmS: 1, measureS: 2, startups: 2, cards: 100, memTotal: 3_000, steadyS: 10, settleMs: 8_000, claimSettleMs: 3_000 }
  : { warmS: 1.5, measureS: 4, startups: 2, cards: 300, memTotal: 20_000, steadyS: 60, settleMs: 15_000, claimSettleMs: 5_000 };

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const benchStart = performance.now();
const elapsed = () => `${((performance.now() - benchStart) / 1000).toFixed(0).padStart(3)}s`;
const say = (msg: string) => console.error(`[bench ${elapsed()}] ${msg}`);
const round = (x: number, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);

const okStatus = (status: number) => status === 200;
const isUpdate = (_s: number, body: string) => body.includes('"response_action":"update"');
const isErrors = (_s: number, body: string) => body.includes('"response_action":"errors"');

interface Scenario {
  name: string;
  rps: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  ratio_to_bare_bolt: number | null;
  target: string;
  target_met: boolean | null;
  database?: 'postgres' | 'pglite';
  bare_bolt?: { rps?: number | null; p50_ms: number | null; p99_ms: number | null; [k: string]: unknown };
  notes?: string;
  [extra: string]: unknown;
}

const scenarios: Scenario[] = [];

function loadNotes(r: LoadResult): string | undefined {
  const bad = r.mismatched + r.errors;
  if (bad === 0) return undefined;
  const statuses = Object.entries(r.statuses)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  return (
    `${r.mismatched} unexpected responses, ${r.errors} errors (${r.timeouts} timeouts); statuses ${statuses}` +
    (r.sampleFailure ? `; e.g. ${r.sampleFailure.slice(0, 160)}` : '')
  );
}

// ---------------------------------------------------------------------------------------------
// Fake Slack, with views.open timed per trigger_id
// ---------------------------------------------------------------------------------------------

const sentAt = new Map<string, number>();
const openLatencies: number[] = [];
let openCounter = 0;

async function startFake(): Promise<FakeSlack> {
  const users = Object.fromEntries(VENDOR_USERS.map((u) => [u, { team_id: VENDOR_TEAM, locale: 'nb-NO', is_stranger: true }]));
  const fake = await startFakeSlack({
    channels: {
      [VENDOR_CHANNEL]: { name: 'ext-acme', is_ext_shared: true, is_shared: true },
      [TRIAGE]: { name: 'tt02-triage', is_ext_shared: false },
    },
    users: { ...users, [STAFF]: { team_id: 'THOST', locale: 'nb-NO' }, [STAFF_2]: { team_id: 'THOST', locale: 'nb-NO' } },
  });
  // The fake's views.open answer, plus the arrival time of each benchmarked trigger_id.
  fake.setHandler('views.open', (args) => {
    const now = performance.now();
    const trigger = typeof args.trigger_id === 'string' ? args.trigger_id : '';
    const sent = sentAt.get(trigger);
    if (sent !== undefined) {
      openLatencies.push(now - sent);
      sentAt.delete(trigger);
    }
    if (!trigger) return { ok: false, error: 'invalid_arguments' };
    const view = (args.view ?? {}) as Record<string, unknown>;
    openCounter += 1;
    const id = `VO${String(openCounter).padStart(8, '0')}`;
    return {
      ok: true,
      view: {
        ...view,
        id,
        team_id: 'THOST',
        state: { values: {} },
        hash: `1700000000.o${openCounter}`,
        app_id: 'AAPP',
        bot_id: 'BBOT',
        root_view_id: id,
        previous_view_id: null,
      },
    };
  });
  setResponseUrl(`${fake.origin}/hooks/response/bench`);
  return fake;
}

/** The fake records every call and message; the bench does not need them, so they are dropped often. */
function clearFake(fake: FakeSlack): void {
  fake.reset();
  fake.messages.clear();
  fake.views.clear();
}

// ---------------------------------------------------------------------------------------------
// CPU accounting (in % of one core): which process did the work, and did anything else compete?
// ---------------------------------------------------------------------------------------------

interface CpuUse {
  /** The app (or bare Bolt) process. */
  target: number | null;
  /** This process: autocannon and the fake Slack API. */
  loadGenerator: number | null;
  postgres: number | null;
  /** Everything else on the machine (other jobs competing for the cores). */
  other: number | null;
}

function cpuMeter(target: Child): () => CpuUse {
  const t0 = performance.now();
  const own0 = process.cpuUsage();
  const target0 = target.cpuS();
  const pg0 = cpuSecondsOfCommand('postgres');
  const m0 = machineCpuSeconds();
  return () => {
    const wallS = (performance.now() - t0) / 1000;
    const own = process.cpuUsage(own0);
    const pct = (s: number) => round((s / wallS) * 100, 0);
    const targetS = target.cpuS() - target0;
    const ownS = (own.user + own.system) / 1e6;
    const pgS = cpuSecondsOfCommand('postgres') - pg0;
    const busyS = machineCpuSeconds().busy - m0.busy;
    return { target: pct(targetS), loadGenerator: pct(ownS), postgres: pct(pgS), other: pct(Math.max(0, busyS - targetS - ownS - pgS)) };
  };
}

const cpuSummary = (c: CpuUse) =>
  `CPU: target ${c.target}%, load generator + fake ${c.loadGenerator}%, postgres ${c.postgres}%, other ${c.other}%`;

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

interface Measured {
  load: LoadResult;
  opens?: { count: number; rps: number; p50: number; p99: number; latencies: number[] };
  cpu: CpuUse;
}

/**
 * Runs of one side of a comparison as one figure. The bench measures each pair as bare, app, app,
 * bare (or close to it): a machine that drifts during the pair then weighs on both sides alike.
 */
function combineMeasured(runs: Measured[]): Measured {
  const load = combineLoads(runs.map((r) => r.load));
  const meanOf = (f: (c: CpuUse) => number | null) => {
    const xs = runs.map((r) => f(r.cpu)).filter((x): x is number => x !== null);
    return xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 0) : null;
  };
  const cpu: CpuUse = {
    target: meanOf((c) => c.target),
    loadGenerator: meanOf((c) => c.loadGenerator),
    postgres: meanOf((c) => c.postgres),
    other: meanOf((c) => c.other),
  };
  const withOpens = runs.every((r) => r.opens);
  if (!withOpens) return { load, cpu };
  const latencies = runs.flatMap((r) => r.opens!.latencies);
  const count = runs.reduce((a, r) => a + r.opens!.count, 0);
  return { load, cpu, opens: { count, rps: count / load.elapsedS, p50: percentile(latencies, 50), p99: percentile(latencies, 99), latencies } };
}

async function measure(
  label: string,
  target: Child,
  build: () => Built,
  check: (status: number, body: string) => boolean,
  fake: FakeSlack,
  withOpens = false,
): Promise<Measured> {
  clearFake(fake);
  sentAt.clear();
  openLatencies.length = 0;
  const meter = cpuMeter(target);
  const load = await runLoad({
    url: target.url,
    signingSecret: SIGNING_SECRET,
    build,
    check,
    connections: CONNECTIONS,
    warmupS: P.warmS,
    durationS: P.measureS,
    ...(withOpens
      ? {
          onSent: (b: Built, at: number, measured: boolean) => {
            if (measured && b.triggerId) sentAt.set(b.triggerId, at);
          },
        }
      : {}),
  });
  const cpu = meter();
  let opens: Measured['opens'];
  if (withOpens) {
    await sleep(500); // views.open calls still on their way
    const lat = [...openLatencies];
    opens = { count: lat.length, rps: lat.length / load.elapsedS, p50: percentile(lat, 50), p99: percentile(lat, 99), latencies: lat };
    sentAt.clear();
    openLatencies.length = 0;
  }
  clearFake(fake);
  say(
    `${label}: ${load.rps.toFixed(0)} req/s, p50 ${load.p50.toFixed(2)} ms, p99 ${load.p99.toFixed(2)} ms` +
      (opens ? `; views.open p50 ${opens.p50.toFixed(2)} ms, p99 ${opens.p99.toFixed(2)} ms` : '') +
      (load.mismatched + load.errors ? ` (${load.mismatched} unexpected, ${load.errors} errors)` : '') +
      `\n             ${cpuSummary(cpu)}`,
  );
  return { load, cpu, ...(opens ? { opens } : {}) };
}

/** Sends one signed request and returns its status ('timeout' if no answer in time). */
async function sendOnce(url: string, b: Built, timeoutMs: number): Promise<{ status: number | 'timeout'; body: string }> {
  const ts = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': b.contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackRequest(SIGNING_SECRET, ts, b.body),
      },
      body: b.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 'timeout', body: '' };
  }
}

async function count(sql: postgres.Sql, what: 'events' | 'requests' | 'cards' | 'pending'): Promise<number> {
  const rows =
    what === 'events'
      ? await sql`select count(*)::int as n from request_events`
      : what === 'requests'
        ? await sql`select count(*)::int as n from requests`
        : what === 'cards'
          ? await sql`select count(*)::int as n from requests where triage_ts is not null and status = 'submitted'`
          : await sql`select count(*)::int as n from outbox where status = 'pending'`;
  return (rows[0] as { n: number }).n;
}

/**
 * Waits (at most `capMs`) until `done()` holds, for the work the app does after acknowledging
 * (claims, outbox deliveries) to stop competing with the next scenario.
 */
async function waitUntil(label: string, done: () => Promise<boolean>, capMs: number): Promise<number> {
  const t0 = performance.now();
  let ok = false;
  while (!(ok = await done()) && performance.now() - t0 < capMs) await sleep(250);
  const ms = performance.now() - t0;
  say(`${label}: ${ok ? 'done' : 'gave up'} after ${(ms / 1000).toFixed(1)} s`);
  return ms;
}

/** No new request events for a second: the listeners' work after the ack has finished. */
function eventsQuiet(sql: postgres.Sql): () => Promise<boolean> {
  let last = -1;
  let stableSince = performance.now();
  return async () => {
    const n = await count(sql, 'events');
    if (n !== last) {
      last = n;
      stableSince = performance.now();
      return false;
    }
    return performance.now() - stableSince >= 1000;
  };
}

/**
 * Other jobs on a shared machine skew a comparison: wait (a few seconds at most, and at most
 * QUIET_BUDGET_MS over the whole run) until they use less than a third of a core.
 */
let quietBudgetMs = 20_000;
async function awaitQuiet(ours: Child[]): Promise<void> {
  const t0 = performance.now();
  for (let attempt = 0; attempt < 5 && quietBudgetMs > 0; attempt++) {
    const m0 = machineCpuSeconds();
    const own0 = process.cpuUsage();
    const ours0 = ours.reduce((a, c) => a + c.cpuS(), 0) + cpuSecondsOfCommand('postgres');
    const w0 = performance.now();
    await sleep(1000);
    const wallS = (performance.now() - w0) / 1000;
    const own = process.cpuUsage(own0);
    const oursS = ours.reduce((a, c) => a + c.cpuS(), 0) + cpuSecondsOfCommand('postgres') - ours0 + (own.user + own.system) / 1e6;
    const otherPct = ((machineCpuSeconds().busy - m0.busy - oursS) / wallS) * 100;
    if (attempt > 0) quietBudgetMs -= 1000;
    if (!(otherPct >= 33)) {
      if (attempt > 0) say(`machine quiet again after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      return;
    }
    if (attempt === 0) say(`other processes are using ${otherPct.toFixed(0)}% CPU; waiting a little`);
  }
}

interface StartupSeries {
  child: Child;
  /** First start (creates/migrates the database, fills tsx's cache): not counted. */
  firstMs: number;
  times: number[];
}

async function startSeries(
  name: string,
  script: string,
  env: Record<string, string>,
  n: number,
  logDir: string,
  cpuProfDir?: string,
  nodeArgs: string[] = [],
): Promise<StartupSeries> {
  const logFile = join(logDir, `${name.replace(/\W+/g, '-').replace(/-$/, '')}.log`);
  const first = await spawnChild({ name, script, env, logFile, nodeArgs });
  const firstMs = first.startupMs;
  await first.stop();
  const times: number[] = [];
  let child: Child | undefined;
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const c = await spawnChild({ name, script, env, logFile, nodeArgs, ...(last && cpuProfDir ? { cpuProfDir } : {}) });
    times.push(c.startupMs);
    if (last) child = c;
    else await c.stop();
  }
  say(`${name}: start-up ${times.map((t) => t.toFixed(0)).join(', ')} ms (first start ${firstMs.toFixed(0)} ms, not counted)`);
  return { child: child!, firstMs, times };
}

async function idleRss(child: Child): Promise<number> {
  await sleep(1000);
  return child.rssMb();
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

function ratio(a: number, b: number): number | null {
  return b > 0 && Number.isFinite(a) && Number.isFinite(b) ? round(a / b) : null;
}

function bareOf(m: Measured, opens = false): Scenario['bare_bolt'] {
  return opens && m.opens
    ? { rps: round(m.opens.rps, 0), p50_ms: round(m.opens.p50), p99_ms: round(m.opens.p99) }
    : { rps: round(m.load.rps, 0), p50_ms: round(m.load.p50), p99_ms: round(m.load.p99) };
}

/** CPU use during the app's run and the bare Bolt run it is compared with, in % of one core. */
function cpuOf(app: Measured, bare: Measured) {
  return {
    app: app.cpu.target,
    bare_bolt: bare.cpu.target,
    load_generator: app.cpu.loadGenerator,
    postgres: app.cpu.postgres,
    other: app.cpu.other,
    other_during_bare_bolt: bare.cpu.other,
  };
}

/** A note when other jobs on the machine took a noticeable share of the CPU during either run. */
function contention(app: Measured, bare?: Measured): string | undefined {
  const worst = Math.max(app.cpu.other ?? 0, bare?.cpu.other ?? 0);
  return worst >= 20 ? `other processes used up to ${worst}% CPU during this comparison: figures are contended` : undefined;
}

function joinNotes(...notes: (string | undefined)[]): { notes?: string } {
  const n = notes.filter(Boolean).join('; ');
  return n ? { notes: n } : {};
}

/** Two rows per way of opening the modal: until the 200, and until views.open reached the fake. */
function openRows(label: string, app: Measured, bare: Measured): void {
  const target = '≥ 0.9× bare rps; p99 ≤ 1.2× bare';
  const rpsRatio = ratio(app.load.rps, bare.load.rps);
  const p99Ratio = ratio(app.load.p99, bare.load.p99);
  scenarios.push({
    name: `open intake modal: ${label} (until 200)`,
    rps: round(app.load.rps, 0),
    p50_ms: round(app.load.p50),
    p99_ms: round(app.load.p99),
    ratio_to_bare_bolt: rpsRatio,
    target,
    target_met: rpsRatio !== null && p99Ratio !== null && rpsRatio >= 0.9 && p99Ratio <= 1.2 && app.load.mismatched === 0,
    database: 'postgres',
    p99_ratio_to_bare_bolt: p99Ratio,
    cpu_pct: cpuOf(app, bare),
    bare_bolt: bareOf(bare),
    ...joinNotes(loadNotes(app.load), contention(app, bare)),
  });
  const ao = app.opens!;
  const bo = bare.opens!;
  const openRatio = ratio(ao.rps, bo.rps);
  const openP99Ratio = ratio(ao.p99, bo.p99);
  const missing = app.load.ok - ao.count;
  scenarios.push({
    name: `open intake modal: ${label} (until views.open)`,
    rps: round(ao.rps, 0),
    p50_ms: round(ao.p50),
    p99_ms: round(ao.p99),
    ratio_to_bare_bolt: openRatio,
    target,
    target_met: openRatio !== null && openP99Ratio !== null && openRatio >= 0.9 && openP99Ratio <= 1.2,
    database: 'postgres',
    p99_ratio_to_bare_bolt: openP99Ratio,
    bare_bolt: bareOf(bare, true),
    ...joinNotes(missing > 0.01 * app.load.ok ? `${missing} acknowledged requests without a views.open` : undefined),
  });
}

function ackRow(
  name: string,
  app: Measured,
  bare: Measured,
  minRatio: number,
  p99Limit: number | undefined,
  database: 'postgres' | 'pglite',
  reportOnly = false,
): Scenario {
  const r = ratio(app.load.rps, bare.load.rps);
  const target = reportOnly
    ? 'reported (no target)'
    : `≥ ${minRatio}× bare ack-only rps${p99Limit !== undefined ? `; p99 < ${p99Limit} ms` : ''}`;
  const met = reportOnly
    ? null
    : r !== null && r >= minRatio && (p99Limit === undefined || app.load.p99 < p99Limit) && app.load.mismatched === 0;
  const row: Scenario = {
    name,
    rps: round(app.load.rps, 0),
    p50_ms: round(app.load.p50),
    p99_ms: round(app.load.p99),
    ratio_to_bare_bolt: r,
    target,
    target_met: met,
    database,
    p99_ratio_to_bare_bolt: ratio(app.load.p99, bare.load.p99),
    cpu_pct: cpuOf(app, bare),
    bare_bolt: bareOf(bare),
    ...joinNotes(loadNotes(app.load), contention(app, bare)),
  };
  scenarios.push(row);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

function fmt(x: number | null | undefined, d = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d);
}

const STANDARD_KEYS = new Set(['name', 'rps', 'p50_ms', 'p99_ms', 'ratio_to_bare_bolt', 'target', 'target_met', 'bare_bolt', 'database', 'notes', 'pending']);

function printTable(totalS: number): void {
  const head = ['scenario', 'rps', 'p50 ms', 'p99 ms', 'bare rps', 'bare p99', 'ratio', 'target', 'met'];
  const rows = scenarios.map((s) => [
    s.name,
    fmt(s.rps, 0),
    fmt(s.p50_ms, s.name.startsWith('start-up') ? 0 : 1),
    fmt(s.p99_ms, s.name.startsWith('start-up') ? 0 : 1),
    fmt(s.bare_bolt?.rps ?? null, 0),
    fmt(s.bare_bolt?.p99_ms ?? null, s.name.startsWith('start-up') ? 0 : 1),
    fmt(s.ratio_to_bare_bolt, 2),
    s.target,
    s.target_met === null ? (s.pending ? 'pending' : '–') : s.target_met ? 'yes' : 'NO',
  ]);
  const left = (i: number) => i === 0 || i >= 7;
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log('');
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (left(i) ? `${'-'.repeat(w + 2)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log('');
  console.log('Start-up rows: p50 = median, p99 = slowest of the timed starts. Memory row: rps/p50/p99 of the further load; ratio = RSS vs bare Bolt.');
  for (const s of scenarios) {
    const extras = Object.entries(s)
      .filter(([k]) => !STANDARD_KEYS.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    const notes = [...extras, ...(s.notes ? [s.notes] : [])];
    if (notes.length) console.log(`  ${s.name}: ${notes.join('; ')}`);
  }
  const m = machine();
  console.log(`\n${m.cpus} × ${m.model}, ${m.memory}, Node ${m.node}, ${m.platform}; total wall time ${totalS.toFixed(0)} s`);
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model ?? 'unknown',
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Processes and the database
// ---------------------------------------------------------------------------------------------

const children = new Set<Child>();
const cleanups: (() => Promise<void>)[] = [];

async function cleanup(): Promise<void> {
  for (const c of [...children]) await c.stop().catch(() => undefined);
  children.clear();
  for (const f of cleanups.splice(0).reverse()) await f().catch((e: unknown) => say(`cleanup: ${String(e)}`));
}

function track(c: Child): Child {
  children.add(c);
  return c;
}

async function stopChild(c: Child): Promise<void> {
  await c.stop();
  children.delete(c);
}

async function createDatabase(): Promise<{ url: string; sql: postgres.Sql }> {
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
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  });
  const url = new URL(server);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  cleanups.push(() => sql.end({ timeout: 5 }));
  return { url: url.toString(), sql };
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(os.tmpdir(), 'tt02-bench-'));
  cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));
  const cpuProfDir = opts.cpuProfDir ? resolve(opts.cpuProfDir) : undefined;
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const logDir = cpuProfDir ?? tmp;

  const fake = await startFake();
  cleanups.push(() => fake.close());
  const db = await createDatabase();
  say(`fake Slack at ${fake.origin}; fresh PostgreSQL database; ${opts.quick ? 'QUICK run (rough figures)' : 'full run'}`);

  const appEnv = (database: { url?: string; dataDir: string }) =>
    baseEnv({
      LOG_LEVEL: 'warn',
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      TRIAGE_CHANNEL_ID: TRIAGE,
      STAFF_USER_IDS: `${STAFF},${STAFF_2}`,
      VENDOR_CHANNEL_IDS: VENDOR_CHANNEL,
      ENHETSREGISTERET_URL: 'off',
      MAIL_FROM: 'TT02 <tt02@brreg.test>',
      DATA_DIR: database.dataDir,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    });

  // ---- both processes up: bare Bolt and the app on PostgreSQL ---------------------------------
  const bareEnv = baseEnv({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url });
  const bareSeries = await startSeries('bare Bolt', 'test/bench/bareBolt.ts', bareEnv, P.startups, logDir);
  const bare = track(bareSeries.child);
  const bareIdleRss = await idleRss(bare);
  const pgSeries = await startSeries('app (PostgreSQL)', opts.appEntry, appEnv({ url: db.url, dataDir: join(tmp, 'app-pg') }), P.startups, logDir, cpuProfDir, opts.appNodeArgs);
  const app = track(pgSeries.child);
  const appIdleRss = await idleRss(app);
  const appIdleHeap = await app.memoryUsage();
  say(`RSS idle: app ${appIdleRss.toFixed(1)} MB, bare Bolt ${bareIdleRss.toFixed(1)} MB`);

  // Each comparison runs as bare, app, app, bare (two halves per side), so that a machine whose speed
  // drifts during the pair weighs on both sides alike.
  const quiet = () => awaitQuiet([app, bare]);
  const pair = async (label: string, build: () => Built, withOpens: boolean): Promise<[Measured, Measured]> => {
    await quiet();
    const b1 = await measure(`bare Bolt: ${label} → ack + views.open (1/2)`, bare, build, okStatus, fake, withOpens);
    const a1 = await measure(`app: ${label} (1/2)`, app, build, okStatus, fake, withOpens);
    const a2 = await measure(`app: ${label} (2/2)`, app, build, okStatus, fake, withOpens);
    const b2 = await measure(`bare Bolt: ${label} → ack + views.open (2/2)`, bare, build, okStatus, fake, withOpens);
    return [combineMeasured([a1, a2]), combineMeasured([b1, b2])];
  };
  const [aButton, bButton] = await pair('button click', () => buttonClick(), true);
  openRows('button click', aButton, bButton);
  // Diagnostic: bare Bolt opening the app's own (larger) intake modal. Slack echoes the view back,
  // and the Web API client serialises it for its debug log whatever the level, so the modal's size
  // costs on its own; this separates that cost from the app's work.
  const bSameModal = combineMeasured([
    await measure('bare Bolt: button click → ack + views.open, the app\'s modal', bare, () => buttonClick('open_intake_same_modal'), okStatus, fake, true),
  ]);
  const buttonRow = scenarios.find((s) => s.name === 'open intake modal: button click (until 200)')!;
  buttonRow.bare_bolt_same_modal = bareOf(bSameModal);
  buttonRow.ratio_to_bare_bolt_same_modal = ratio(aButton.load.rps, bSameModal.load.rps);
  const [aCommand, bCommand] = await pair('/tt02-access', slashCommand, true);
  openRows('/tt02-access', aCommand, bCommand);

  const bareViewIds = viewIdSource('B');
  const bareOrgs = orgNumberSource(90_000_000);
  const viewIds = viewIdSource('P');
  const orgs = orgNumberSource(81_000_000);
  const bareSubmission = () => submission(bareViewIds(), bareOrgs());
  const invalid = () => submission(viewIds(), BAD_ORG_NUMBER);
  const valid = () => submission(viewIds(), orgs());
  await quiet();
  const bSubmitRuns = [await measure('bare Bolt: view submission → ack (1/3)', bare, bareSubmission, okStatus, fake)];
  const aInvalid1 = await measure('app: invalid submission (1/2)', app, invalid, isErrors, fake);
  const aInvalid2 = await measure('app: invalid submission (2/2)', app, invalid, isErrors, fake);
  bSubmitRuns.push(await measure('bare Bolt: view submission → ack (2/3)', bare, bareSubmission, okStatus, fake));
  // The block-action baseline for the staff click, measured now: later the app's outbox backlog
  // would compete with it.
  const claimBaseline = () => claimClick({ id: '00000000-0000-4000-8000-000000000000', triageTs: '1700000000.000100' });
  const bClaim = combineMeasured([
    await measure('bare Bolt: block action → ack (1/2)', bare, claimBaseline, okStatus, fake),
    await measure('bare Bolt: block action → ack (2/2)', bare, claimBaseline, okStatus, fake),
  ]);
  await quiet();
  bSubmitRuns.push(await measure('bare Bolt: view submission → ack (3/3)', bare, bareSubmission, okStatus, fake));
  // Valid submissions last among these: they leave an outbox backlog that the app then delivers at
  // full speed, which would slow whatever ran next (so no bare run follows them).
  const aValid = combineMeasured([
    await measure('app: valid submission (PostgreSQL) (1/2)', app, valid, isUpdate, fake),
    await measure('app: valid submission (PostgreSQL) (2/2)', app, valid, isUpdate, fake),
  ]);
  const bSubmit = combineMeasured(bSubmitRuns);
  ackRow('invalid submission (errors returned)', combineMeasured([aInvalid1, aInvalid2]), bSubmit, 0.8, undefined, 'postgres');
  const validRow = ackRow('valid submission (PostgreSQL)', aValid, bSubmit, 0.5, 100, 'postgres');
  validRow.outbox_pending_after = await count(db.sql, 'pending');

  // ---- start-up ---------------------------------------------------------------------------
  const pgStart = median(pgSeries.times);
  const bareStart = median(bareSeries.times);
  const bareStartup = { p50_ms: round(bareStart, 0), p99_ms: round(Math.max(...bareSeries.times), 0), startup_ms: bareSeries.times.map(Math.round) };
  scenarios.push({
    name: 'start-up to /healthz 200 (PostgreSQL)',
    rps: null,
    p50_ms: round(pgStart, 0),
    p99_ms: round(Math.max(...pgSeries.times), 0),
    ratio_to_bare_bolt: ratio(pgStart, bareStart),
    target: '< 1500 ms',
    target_met: pgStart < 1500,
    database: 'postgres',
    startup_ms: pgSeries.times.map(Math.round),
    first_start_with_migrations_ms: Math.round(pgSeries.firstMs),
    bare_bolt: bareStartup,
  });

  // ---- memory -----------------------------------------------------------------------------
  const soFar = await count(db.sql, 'requests');
  const remaining = Math.max(0, P.memTotal - soFar);
  say(`memory: ${soFar} requests so far; ${remaining} more valid submissions to reach ${P.memTotal}`);
  const fakeJanitor = setInterval(() => clearFake(fake), 3000);
  const topUp = remaining
    ? await runLoad({
        url: app.url,
        signingSecret: SIGNING_SECRET,
        build: () => submission(viewIds(), orgs()),
        check: isUpdate,
        connections: CONNECTIONS,
        amount: remaining,
      })
    : undefined;
  if (topUp) say(`memory: ${topUp.ok} submissions in ${topUp.elapsedS.toFixed(0)} s (${topUp.rps.toFixed(0)} req/s)` + (topUp.mismatched ? `; ${loadNotes(topUp)}` : ''));
  const afterLoadCount = await count(db.sql, 'requests');
  const rssAfterLoad = app.rssMb();
  const heapAfterLoad = await app.memoryUsage();
  const bareRssAfterItsLoad = bare.rssMb();
  const steadyRate = Math.max(20, Math.round(aValid.load.rps * 0.5));
  say(`memory: ${afterLoadCount} requests; RSS ${rssAfterLoad.toFixed(1)} MB; now ${P.steadyS} s more at ${steadyRate} req/s`);
  const rssSamples: number[] = [rssAfterLoad];
  const sampler = setInterval(() => rssSamples.push(app.rssMb()), 1000);
  const meter = cpuMeter(app);
  const steady = await runLoad({
    url: app.url,
    signingSecret: SIGNING_SECRET,
    build: () => submission(viewIds(), orgs()),
    check: isUpdate,
    connections: 20,
    durationS: P.steadyS,
    overallRate: steadyRate,
  });
  const steadyCpu = meter();
  clearInterval(sampler);
  clearInterval(fakeJanitor);
  clearFake(fake);
  rssSamples.push(app.rssMb());
  // RSS moves with every GC cycle: compare the medians of the first and last five seconds.
  const rssStart = median(rssSamples.slice(0, 5));
  const rssEnd = median(rssSamples.slice(-5));
  const growth = (rssEnd - rssStart) / rssStart;
  const rssPeak = Math.max(...rssSamples);
  const finalCount = await count(db.sql, 'requests');
  const heapAtEnd = await app.memoryUsage();
  const liveAtEnd = await app.memoryUsage(true);
  say(`memory: RSS ${rssStart.toFixed(1)} → ${rssEnd.toFixed(1)} MB (${(growth * 100).toFixed(1)}%), peak ${rssPeak.toFixed(1)} MB; ${cpuSummary(steadyCpu)}`);
  scenarios.push({
    name: `memory: RSS after ${afterLoadCount} submissions + ${P.steadyS} s load`,
    rps: round(steady.rps, 0),
    p50_ms: round(steady.p50),
    p99_ms: round(steady.p99),
    ratio_to_bare_bolt: ratio(Math.max(rssAfterLoad, rssEnd), bareRssAfterItsLoad),
    target: 'RSS < 200 MB after load; growth < 5%',
    target_met: Math.max(rssAfterLoad, rssEnd) < 200 && growth < 0.05,
    database: 'postgres',
    rss_idle_mb: round(appIdleRss, 1),
    rss_after_load_mb: round(rssAfterLoad, 1),
    rss_steady_start_mb: round(rssStart, 1),
    rss_steady_end_mb: round(rssEnd, 1),
    rss_peak_mb: round(rssPeak, 1),
    rss_growth_pct: round(growth * 100, 1),
    submissions: finalCount,
    steady_rate: steadyRate,
    // V8's view (MB): idle, after the load, at the end, and at the end after a full GC (live data).
    memory_usage_mb: { idle: appIdleHeap, after_load: heapAfterLoad, end: heapAtEnd, end_after_gc: liveAtEnd },
    bare_bolt: { p50_ms: null, p99_ms: null, rss_idle_mb: round(bareIdleRss, 1), rss_after_load_mb: round(bareRssAfterItsLoad, 1) },
    ...joinNotes(loadNotes(steady)),
  });

  // ---- staff step click (last on this process: its work after the ack outlasts the run) -------
  // Claim (or take over) on the cards of requests filed above, round-robin, two staff members
  // alternating: each click shows the assignee the previous one left, as the card would.
  await waitUntil('waiting for triage cards', async () => (await count(db.sql, 'cards')) >= P.cards, P.settleMs);
  const cards = (
    await db.sql`select id, triage_ts from requests where triage_ts is not null and status = 'submitted' order by number limit ${P.cards}`
  ).map((r) => ({ id: r.id as string, triageTs: r.triage_ts as string }));
  const assignee = new Map<string, string>();
  let cardIndex = 0;
  const nextClaim = () => {
    const card = cards[cardIndex++ % cards.length]!;
    const shown = assignee.get(card.id) ?? null;
    const staff = shown === STAFF ? STAFF_2 : STAFF;
    assignee.set(card.id, staff);
    return claimClick(card, staff, shown);
  };
  const probe = cards.length ? await sendOnce(app.url, nextClaim(), 4500) : { status: 'timeout' as const, body: '' };
  await stopChild(bare);
  if (probe.status === 200) {
    const eventsBefore = await count(db.sql, 'events');
    const aClaim = combineMeasured([
      await measure('app: staff step click (claim / take over) (1/2)', app, nextClaim, okStatus, fake),
      await measure('app: staff step click (claim / take over) (2/2)', app, nextClaim, okStatus, fake),
    ]);
    const eventsAtEnd = await count(db.sql, 'events');
    const claimRow = ackRow('staff step click (card_claim)', aClaim, bClaim, 0.5, 100, 'postgres');
    // The claim itself (transaction, audit event, card update) runs after the ack.
    const settleMs = await waitUntil('claims finishing after their acks', eventsQuiet(db.sql), P.claimSettleMs);
    const eventsAfter = await count(db.sql, 'events');
    Object.assign(claimRow, {
      cards: cards.length,
      audit_events_during_run: eventsAtEnd - eventsBefore,
      audit_events_after_run: eventsAfter - eventsAtEnd,
      after_ack_backlog_s: settleMs >= P.claimSettleMs ? `> ${P.claimSettleMs / 1000}` : round(settleMs / 1000, 1),
    });
  } else {
    say(`staff step click: card_claim answered ${probe.status}; reported as pending`);
    scenarios.push({
      name: 'staff step click (card_claim)',
      rps: null,
      p50_ms: null,
      p99_ms: null,
      ratio_to_bare_bolt: null,
      target: '≥ 0.5× bare ack-only rps; p99 < 100 ms',
      target_met: null,
      pending: true,
      database: 'postgres',
      bare_bolt: bareOf(bClaim),
      notes: cards.length
        ? `pending: the app does not acknowledge card_claim yet (answered ${probe.status})`
        : 'pending: no triage cards were posted to click on',
    });
  }
  await stopChild(app);

  // ---- the app on PGlite ------------------------------------------------------------------
  if (opts.pglite) {
    const liteSeries = await startSeries('app (PGlite)', opts.appEntry, appEnv({ dataDir: join(tmp, 'app-pglite') }), P.startups, logDir, undefined, opts.appNodeArgs);
    const lite = track(liteSeries.child);
    const liteIdleRss = await idleRss(lite);
    const liteIds = viewIdSource('L');
    const liteOrgs = orgNumberSource(82_000_000);
    const lValid = combineMeasured([
      await measure('app: valid submission (PGlite) (1/2)', lite, () => submission(liteIds(), liteOrgs()), isUpdate, fake),
      await measure('app: valid submission (PGlite) (2/2)', lite, () => submission(liteIds(), liteOrgs()), isUpdate, fake),
    ]);
    const liteRow = ackRow('valid submission (PGlite)', lValid, bSubmit, 0.5, 100, 'pglite', true);
    liteRow.rss_after_load_mb = round(lite.rssMb(), 1);
    await stopChild(lite);
    const liteStart = median(liteSeries.times);
    scenarios.push({
      name: 'start-up to /healthz 200 (PGlite)',
      rps: null,
      p50_ms: round(liteStart, 0),
      p99_ms: round(Math.max(...liteSeries.times), 0),
      ratio_to_bare_bolt: ratio(liteStart, bareStart),
      target: 'reported (no target)',
      target_met: null,
      database: 'pglite',
      startup_ms: liteSeries.times.map(Math.round),
      first_start_with_migrations_ms: Math.round(liteSeries.firstMs),
      rss_idle_mb: round(liteIdleRss, 1),
      bare_bolt: bareStartup,
    });
  }

  // In the issue's order, whatever order they ran in.
  const order = ['open intake modal: button', 'open intake modal: /tt02', 'valid submission (PostgreSQL)', 'valid submission (PGlite)', 'invalid', 'staff', 'start-up to /healthz 200 (PostgreSQL)', 'start-up to /healthz 200 (PGlite)', 'memory'];
  const rank = (s: Scenario) => order.findIndex((prefix) => s.name.startsWith(prefix));
  scenarios.sort((a, b) => rank(a) - rank(b));

  const totalS = (performance.now() - benchStart) / 1000;
  printTable(totalS);
  if (opts.json) {
    const out = {
      machine: machine(),
      generated_at: new Date().toISOString(),
      wall_time_s: Math.round(totalS),
      quick: opts.quick,
      app_entry: opts.appEntry,
      app_node_args: opts.appNodeArgs,
      connections: CONNECTIONS,
      warmup_s: P.warmS,
      measured_s: P.measureS,
      scenarios,
    };
    writeFileSync(resolve(opts.json), `${JSON.stringify(out, null, 2)}\n`);
    say(`figures written to ${resolve(opts.json)}`);
  }
  if (cpuProfDir) say(`CPU profile of the PostgreSQL app process, and the logs, are in ${cpuProfDir}`);
}

process.once('SIGINT', () => {
  say('interrupted; cleaning up');
  void cleanup().finally(() => process.exit(130));
});

main()
  .then(cleanup)
  .then(() => process.exit(0))
  .catch(async (err: unknown) => {
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanup();
    process.exit(1);
  });
