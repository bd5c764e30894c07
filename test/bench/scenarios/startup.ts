/**
 * Start-up and memory at rest: bare Bolt and the app on PostgreSQL are each started 1 + n times
 * (the first start migrates and is not counted); the last one of each stays up for the scenarios
 * that follow. Rows: start-up ≤ 1.5× bare Bolt's, idle RSS ≤ 1.3× bare Bolt's, each the median over
 * the timed starts.
 */
import { join } from 'node:path';
import type { Child } from '../children.js';
import { appEnv, bareEnv, startSeries, type Bench, type StartupSeries } from '../context.js';
import { median } from '../load.js';
import { bareEntry } from '../options.js';
import type { Scenario } from '../report.js';
import { ratio, round, say } from '../util.js';

export const STARTUP_LIMIT = 1.5;
export const IDLE_RSS_LIMIT = 1.3;

export interface Started {
  app: Child;
  bare: Child;
  appSeries: StartupSeries;
  bareSeries: StartupSeries;
  appIdleRss: number;
  bareIdleRss: number;
  appIdleHeap: Record<string, number> | undefined;
}

export async function startBoth(b: Bench): Promise<Started> {
  const nodeArgs = b.opts.appNodeArgs;
  const bareSeries = await startSeries(b, 'bare Bolt', bareEntry(b.opts), bareEnv(b), { nodeArgs });
  const bare = bareSeries.child;
  // The median of the timed starts: a single process's RSS at rest moved by 10 MB from one start to
  // the next, on either side (bare Bolt 86.0 and 97.1 MB in two runs of the same hour), outside V8's heap.
  const bareIdleRss = median(bareSeries.idleRssMb);
  const appSeries = await startSeries(b, 'app (PostgreSQL)', b.opts.appEntry, appEnv(b, { url: b.db.url, dataDir: join(b.tmp, 'app-pg') }), {
    nodeArgs,
    ...(b.cpuProfDir ? { cpuProfDir: b.cpuProfDir } : {}),
  });
  const app = appSeries.child;
  const appIdleRss = median(appSeries.idleRssMb);
  const appIdleHeap = await app.memoryUsage();
  say(`RSS idle: app ${appIdleRss.toFixed(1)} MB, bare Bolt ${bareIdleRss.toFixed(1)} MB`);
  return { app, bare, appSeries, bareSeries, appIdleRss, bareIdleRss, appIdleHeap };
}

export function bareStartup(s: Started) {
  const t = s.bareSeries.times;
  return { p50_ms: round(median(t), 0), p99_ms: round(Math.max(...t), 0), startup_ms: t.map(Math.round) };
}

export function startupRows(s: Started): Scenario[] {
  const appStart = median(s.appSeries.times);
  const bareStart = median(s.bareSeries.times);
  const r = ratio(appStart, bareStart);
  const rssRatio = ratio(s.appIdleRss, s.bareIdleRss);
  return [
    {
      name: 'start-up to /healthz 200 (PostgreSQL)',
      rps: null,
      p50_ms: round(appStart, 0),
      p99_ms: round(Math.max(...s.appSeries.times), 0),
      ratio_to_bare_bolt: r,
      target: `≤ ${STARTUP_LIMIT}× bare Bolt`,
      target_met: r !== null && r <= STARTUP_LIMIT,
      database: 'postgres',
      startup_ms: s.appSeries.times.map(Math.round),
      first_start_with_migrations_ms: Math.round(s.appSeries.firstMs),
      bare_bolt: bareStartup(s),
    },
    {
      name: 'idle memory (RSS, PostgreSQL)',
      rps: null,
      p50_ms: null,
      p99_ms: null,
      ratio_to_bare_bolt: rssRatio,
      target: `≤ ${IDLE_RSS_LIMIT}× bare Bolt's idle RSS`,
      target_met: rssRatio !== null && rssRatio <= IDLE_RSS_LIMIT,
      database: 'postgres',
      rss_idle_mb: round(s.appIdleRss, 1),
      memory_usage_mb: s.appIdleHeap,
      bare_bolt: { p50_ms: null, p99_ms: null, rss_idle_mb: round(s.bareIdleRss, 1) },
    },
  ];
}
