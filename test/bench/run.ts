/**
 * `npm run bench [-- --json FILE] [--quick] [--cpu-prof DIR] [--no-pglite] [--app-entry FILE.js]`
 *
 * Speed and memory of the app, side by side with a bare Bolt app, in one run: starts the fake Slack
 * API (in this process), a fresh PostgreSQL database, the app and a bare Bolt app (each in its own
 * child process), runs the scenarios (test/bench/scenarios/) and prints a table; `--json FILE` also
 * writes the figures. See test/bench/README.md.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { spawnChild, type Child } from './children.js';
import { Processes, appEnv, createDatabase, type Bench } from './context.js';
import { count, waitUntil } from './measure.js';
import { params, parseArgs } from './options.js';
import { printTable, sortScenarios, writeJson, type Scenario } from './report.js';
import { bursts } from './scenarios/bursts.js';
import { capacity, settleCapacity } from './scenarios/capacity.js';
import { memorySoak } from './scenarios/memory.js';
import { modalOpen } from './scenarios/modalOpen.js';
import { pglite } from './scenarios/pglite.js';
import { rateLimited } from './scenarios/rateLimited.js';
import { staffClicks } from './scenarios/staffClick.js';
import { bareStartup, startBoth, startupRows } from './scenarios/startup.js';
import { submissions } from './scenarios/submissions.js';
import { startFakeRegister } from './register.js';
import { startBenchSlack } from './slack.js';
import { elapsedS, say } from './util.js';

const opts = parseArgs(process.argv.slice(2));
const procs = new Processes();

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(os.tmpdir(), 'tt02-bench-'));
  procs.onCleanup(async () => rmSync(tmp, { recursive: true, force: true }));
  const cpuProfDir = opts.cpuProfDir ? resolve(opts.cpuProfDir) : undefined;
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const slack = await startBenchSlack();
  procs.onCleanup(() => slack.fake.close());
  const register = await startFakeRegister(opts.registerLatencyMs);
  procs.onCleanup(() => register.close());
  const db = await createDatabase(procs);
  const b: Bench = { opts, P: params(opts.quick), slack, register, db, tmp, logDir: cpuProfDir ?? tmp, cpuProfDir, procs };
  say(`fake Slack at ${slack.fake.origin}; fresh PostgreSQL database; ${opts.quick ? 'QUICK run (rough figures)' : 'full run'}`);

  const scenarios: Scenario[] = [];
  const started = await startBoth(b);
  const { app, bare } = started;
  scenarios.push(...startupRows(started));
  const runs = (group: string) => !opts.only || opts.only.has(group);
  // What users wait for first, on processes that have served nothing but the warm-up bursts: a workshop
  // meets an app that has been quiet, not one that has just opened thousands of modals a second. (With
  // the modal-open saturation run before them, a full run measured the slowest receipt at 1.79× bare
  // Bolt's, against 0.92–1.45× in the bursts-only runs of the same hour.) Before the saturation runs
  // also because their outbox backlog would weigh on them.
  if (runs('bursts')) scenarios.push(...(await bursts(b, app, bare)));
  if (runs('bursts') || runs('bursts-register')) scenarios.push(...(await registerOnBursts(b, app, bare)));
  if (runs('ratelimited')) scenarios.push(await rateLimited(b, app));
  const capacityRow = runs('capacity') ? await capacity(b, app, bare) : undefined;
  if (capacityRow) scenarios.push(capacityRow);
  const afterModal = runs('submissions') || runs('soak') || runs('staff') || (opts.pglite && runs('pglite'));
  if (runs('modal') || afterModal) await waitUntil('outbox empty before the saturation runs', async () => (await count(db.sql, 'pending')) === 0, 30_000);
  if (runs('modal')) scenarios.push(...(await modalOpen(b, app, bare)));
  let subs: Awaited<ReturnType<typeof submissions>> | undefined;
  if (afterModal) {
    subs = await submissions(b, app, bare);
    scenarios.push(...subs.rows);
    if (capacityRow) settleCapacity(capacityRow, subs.bSubmit.load.rps);
    if (runs('soak')) {
      scenarios.push(
        await memorySoak(b, app, bare, {
          valid: subs.valid,
          validRps: subs.aValid.load.rps,
          appIdleRss: started.appIdleRss,
          appIdleHeap: started.appIdleHeap,
          bareIdleRss: started.bareIdleRss,
        }),
      );
    }
    if (runs('staff')) scenarios.push(await staffClicks(b, app, subs.bClaim, () => procs.stop(bare)));
  }
  await procs.stop(app);
  if (opts.pglite && runs('pglite') && subs) {
    // Last and optional: a failure here should not cost the figures above.
    try {
      scenarios.push(...(await pglite(b, subs.bSubmit, bareStartup(started))));
    } catch (err) {
      say(`PGlite part failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      scenarios.push({
        name: 'valid submission (PGlite), acknowledgements only',
        rps: null,
        p50_ms: null,
        p99_ms: null,
        ratio_to_bare_bolt: null,
        target: 'reported (no target)',
        target_met: null,
        database: 'pglite',
        notes: `failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
      });
    }
  }

  sortScenarios(scenarios);
  const totalS = elapsedS();
  printTable(scenarios, totalS);
  if (opts.json) {
    const path = writeJson(
      opts.json,
      {
        wall_time_s: Math.round(totalS),
        quick: opts.quick,
        app_entry: opts.appEntry,
        app_node_args: opts.appNodeArgs,
        connections: b.P.connections,
        warmup_s: b.P.warmS,
        measured_s: b.P.measureS,
      },
      scenarios,
    );
    say(`figures written to ${path}`);
  }
  if (cpuProfDir) say(`CPU profile of the PostgreSQL app process, and the logs, are in ${cpuProfDir}`);
}

/**
 * The same bursts with the register look-up on (README, "Register on"): a second app process, on a
 * database of its own (the first app's outbox worker would otherwise deliver its rows too), with
 * ENHETSREGISTERET_URL pointing at the bench's fake register; stopped afterwards, so the scenarios
 * that follow see the machine as before. The first app stays up, idle, and keeps its figures.
 */
async function registerOnBursts(b: Bench, app: Child, bare: Child): Promise<Scenario[]> {
  const db = await createDatabase(b.procs);
  const env = appEnv(b, { url: db.url, dataDir: join(b.tmp, 'app-pg-register') }, b.register.url);
  const logFile = join(b.logDir, 'app-register-on.log');
  // Its first start migrates its database, which on a busy machine takes long.
  const appOn = b.procs.track(await spawnChild({ name: 'app (register on)', script: b.opts.appEntry, env, logFile, nodeArgs: b.opts.appNodeArgs, timeoutMs: 120_000 }));
  say(`app (register on): started in ${appOn.startupMs.toFixed(0)} ms; fake Enhetsregisteret answers after ${b.register.latencyMs} ms`);
  try {
    return await bursts(b, appOn, bare, { register: true, idle: [app] });
  } finally {
    await b.procs.stop(appOn);
  }
}

process.once('SIGINT', () => {
  say('interrupted; cleaning up');
  void procs.cleanup().finally(() => process.exit(130));
});

main()
  .then(() => procs.cleanup())
  .then(() => process.exit(0))
  .catch(async (err: unknown) => {
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await procs.cleanup();
    process.exit(1);
  });
