import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    dir: 'test',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // One migrated database per run, copied by each file (test/support/db.ts).
    globalSetup: ['test/support/globalSetup.ts'],
    // Vitest's default is one file at a time on two cores; most files spend much of their time
    // waiting on sockets and timers, so two at once keep the cores busier (.ci/run runs both passes).
    maxWorkers: 2,
    // Each worker imports the app once, not once per file: a fresh module graph per file cost more
    // than half of each pass (7-minute CI). Every file starts its own servers and database copy, so
    // nothing a file needs is left in module state by another (the suite passes the same either way).
    isolate: false,
  },
});
