import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    dir: 'test',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // One migrated database per run, copied by each file (test/support/db.ts).
    globalSetup: ['test/support/globalSetup.ts'],
  },
});
