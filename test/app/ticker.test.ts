import { describe, expect, it } from 'vitest';
import { createTicker } from '../../src/app/ticker.js';
import { createLogger } from '../../src/logger.js';

const logger = createLogger('silent');

describe('the ticker', () => {
  it('runs each job at start and then at its own interval, never beside itself, and waits for runs in progress on stop', async () => {
    const runs: Record<string, number> = { fast: 0, slow: 0 };
    let busy = 0;
    let overlapped = false;
    let release!: () => void;
    let fastRanThrice!: () => void;
    const thrice = new Promise<void>((r) => (fastRanThrice = r));
    const ticker = createTicker({
      logger,
      jobs: [
        {
          name: 'fast',
          everyMs: 10,
          run: () => {
            if (++runs.fast! === 3) fastRanThrice();
          },
        },
        {
          // Still running when its next ticks come: they are skipped, not stacked.
          name: 'slow',
          everyMs: 5,
          run: async () => {
            runs.slow! += 1;
            if (busy++ > 0) overlapped = true;
            await new Promise<void>((r) => (release = r));
            busy -= 1;
          },
        },
      ],
    });
    ticker.start();
    await thrice;
    expect(runs.slow).toBe(1);
    ticker.kick('slow'); // kept for after the run in progress
    const stopped = ticker.stop();
    release();
    await stopped;
    expect(busy).toBe(0);
    expect(overlapped).toBe(false);
  });

  it('keeps ticking after a job fails', async () => {
    let calls = 0;
    let twice!: () => void;
    const done = new Promise<void>((r) => (twice = r));
    const ticker = createTicker({
      logger,
      jobs: [
        {
          name: 'failing',
          everyMs: 5,
          run: async () => {
            if (++calls === 2) twice();
            throw new Error('database away');
          },
        },
      ],
    });
    ticker.start();
    await done;
    await ticker.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
  });
});
