/**
 * The soak: valid submissions up to a total (20,000 in the full run), then a steady load at half the
 * measured valid-submission rate; RSS sampled every second. Target: RSS after the soak < 150 MB.
 */
import type { Child } from '../children.js';
import type { Bench } from '../context.js';
import { median, runLoad } from '../load.js';
import { count, isAccepted } from '../measure.js';
import { cpuMeter, cpuSummary } from '../meter.js';
import { SIGNING_SECRET, type Built } from '../payloads.js';
import { joinNotes, loadNotes, type Scenario } from '../report.js';
import { ratio, round, say } from '../util.js';

export const SOAK_RSS_LIMIT_MB = 150;

export async function memorySoak(
  b: Bench,
  app: Child,
  bare: Child,
  o: { valid: () => Built; validRps: number; appIdleRss: number; appIdleHeap: Record<string, number> | undefined; bareIdleRss: number },
): Promise<Scenario> {
  const { P } = b;
  const soFar = await count(b.db.sql, 'requests');
  const remaining = Math.max(0, P.memTotal - soFar);
  say(`memory: ${soFar} requests so far; ${remaining} more valid submissions to reach ${P.memTotal}`);
  const janitor = setInterval(() => b.slack.clear(), 3000);
  try {
    const topUp = remaining
      ? await runLoad({ url: app.url, signingSecret: SIGNING_SECRET, build: o.valid, check: isAccepted, connections: P.connections, amount: remaining })
      : undefined;
    if (topUp) say(`memory: ${topUp.ok} submissions in ${topUp.elapsedS.toFixed(0)} s (${topUp.rps.toFixed(0)} req/s)` + (topUp.mismatched ? `; ${loadNotes(topUp)}` : ''));
    const afterLoadCount = await count(b.db.sql, 'requests');
    const rssAfterLoad = app.rssMb();
    const heapAfterLoad = await app.memoryUsage();
    const bareRssAfterItsLoad = bare.rssMb();
    const steadyRate = Math.max(20, Math.round(o.validRps * 0.5));
    say(`memory: ${afterLoadCount} requests; RSS ${rssAfterLoad.toFixed(1)} MB; now ${P.steadyS} s more at ${steadyRate} req/s`);
    const rssSamples: number[] = [rssAfterLoad];
    const sampler = setInterval(() => rssSamples.push(app.rssMb()), 1000);
    const meter = cpuMeter(app);
    const steady = await runLoad({ url: app.url, signingSecret: SIGNING_SECRET, build: o.valid, check: isAccepted, connections: 20, durationS: P.steadyS, overallRate: steadyRate });
    const steadyCpu = meter();
    clearInterval(sampler);
    rssSamples.push(app.rssMb());
    // RSS moves with every GC cycle: compare the medians of the first and last five seconds.
    const rssStart = median(rssSamples.slice(0, 5));
    const rssEnd = median(rssSamples.slice(-5));
    const growth = (rssEnd - rssStart) / rssStart;
    const rssPeak = Math.max(...rssSamples);
    const finalCount = await count(b.db.sql, 'requests');
    const heapAtEnd = await app.memoryUsage();
    const liveAtEnd = await app.memoryUsage(true);
    say(`memory: RSS ${rssStart.toFixed(1)} → ${rssEnd.toFixed(1)} MB (${(growth * 100).toFixed(1)}%), peak ${rssPeak.toFixed(1)} MB; ${cpuSummary(steadyCpu)}`);
    const after = Math.max(rssAfterLoad, rssEnd);
    return {
      name: `memory: RSS after ${afterLoadCount} submissions + ${P.steadyS} s load (soak)`,
      rps: round(steady.rps, 0),
      p50_ms: round(steady.p50),
      p99_ms: round(steady.p99),
      ratio_to_bare_bolt: ratio(after, bareRssAfterItsLoad),
      target: `RSS after the soak < ${SOAK_RSS_LIMIT_MB} MB`,
      target_met: after < SOAK_RSS_LIMIT_MB,
      database: 'postgres',
      rss_idle_mb: round(o.appIdleRss, 1),
      rss_after_load_mb: round(rssAfterLoad, 1),
      rss_steady_start_mb: round(rssStart, 1),
      rss_steady_end_mb: round(rssEnd, 1),
      rss_peak_mb: round(rssPeak, 1),
      rss_growth_pct: round(growth * 100, 1),
      submissions: finalCount,
      steady_rate: steadyRate,
      // V8's view (MB): idle, after the load, at the end, and at the end after a full GC (live data).
      memory_usage_mb: { idle: o.appIdleHeap, after_load: heapAfterLoad, end: heapAtEnd, end_after_gc: liveAtEnd },
      bare_bolt: { p50_ms: null, p99_ms: null, rss_idle_mb: round(o.bareIdleRss, 1), rss_after_load_mb: round(bareRssAfterItsLoad, 1) },
      ...joinNotes(loadNotes(steady)),
    };
  } finally {
    clearInterval(janitor);
    b.slack.clear();
  }
}
