/**
 * The two-process drills (test/outbox/twoInstances.test.ts, test/teams/twoInstances.test.ts) each run
 * two app processes; .ci/run runs the PGlite and PostgreSQL passes side by side, and four app
 * processes at once on two cores made a SIGKILL drill miss its deadline. So the drills take turns,
 * across the passes' processes, through a lock directory (mkdir is atomic). A lock older than
 * STALE_MS was left by a killed run and is taken over.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOCK = join(tmpdir(), 'tt02-access-two-instance-drill.lock');
const STALE_MS = 5 * 60_000;

/** Waits for the lock (at most `timeoutMs`), then holds it until the returned release is called. */
export async function takeDrillLock(timeoutMs = 240_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`the two-instance drill lock ${LOCK} was held for ${timeoutMs} ms`);
      else await sleep(250);
    }
  }
}
