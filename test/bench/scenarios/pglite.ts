/** The app on embedded PGlite: start-up and valid submissions (reported, no targets). */
import { join } from 'node:path';
import { appEnv, startSeries, type Bench } from '../context.js';
import { median } from '../load.js';
import { combineMeasured, isAccepted, measure, type Measured } from '../measure.js';
import { idleRss } from '../meter.js';
import { orgNumberSource, submission, viewIdSource } from '../payloads.js';
import { ackRow, type Scenario } from '../report.js';
import { ratio, round } from '../util.js';

export async function pglite(b: Bench, bSubmit: Measured, bareStartup: { p50_ms: number | null; p99_ms: number | null; startup_ms: number[] }): Promise<Scenario[]> {
  const series = await startSeries(b, 'app (PGlite)', b.opts.appEntry, appEnv(b, { dataDir: join(b.tmp, 'app-pglite') }), { nodeArgs: b.opts.appNodeArgs });
  const lite = series.child;
  const liteIdleRss = await idleRss(lite);
  const ids = viewIdSource('L');
  const orgs = orgNumberSource(82_000_000);
  const valid = () => submission(ids(), orgs());
  const lValid = combineMeasured([
    await measure('app: valid submission (PGlite) (1/2)', lite, valid, isAccepted, b.slack, b.P),
    await measure('app: valid submission (PGlite) (2/2)', lite, valid, isAccepted, b.slack, b.P),
  ]);
  const row = ackRow('valid submission (PGlite), acknowledgements only', lValid, bSubmit, 0.5, 100, 'pglite', true);
  row.rss_after_load_mb = round(lite.rssMb(), 1);
  await b.procs.stop(lite);
  const start = median(series.times);
  return [
    row,
    {
      name: 'start-up to /healthz 200 (PGlite)',
      rps: null,
      p50_ms: round(start, 0),
      p99_ms: round(Math.max(...series.times), 0),
      ratio_to_bare_bolt: bareStartup.p50_ms ? ratio(start, bareStartup.p50_ms) : null,
      target: 'reported (no target)',
      target_met: null,
      database: 'pglite',
      startup_ms: series.times.map(Math.round),
      first_start_with_migrations_ms: Math.round(series.firstMs),
      rss_idle_mb: round(liteIdleRss, 1),
      bare_bolt: bareStartup,
    },
  ];
}
