/**
 * CPU and memory of the processes under test: which process did the work during a run (in % of one
 * core), whether other jobs on the machine competed, and RSS at rest.
 */
import { performance } from 'node:perf_hooks';
import { cpuSecondsOfCommand, machineCpuSeconds, type Child } from './children.js';
import { round, say, sleep } from './util.js';

export interface CpuUse {
  /** The app (or bare Bolt) process. */
  target: number | null;
  /** This process: the load generator and the fake Slack API. */
  loadGenerator: number | null;
  postgres: number | null;
  /** Everything else on the machine (other jobs competing for the cores). */
  other: number | null;
}

/** Starts counting; the returned function gives the CPU use since then. */
export function cpuMeter(target: Child): () => CpuUse {
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

export const cpuSummary = (c: CpuUse) =>
  `CPU: target ${c.target}%, load generator + fake ${c.loadGenerator}%, postgres ${c.postgres}%, other ${c.other}%`;

/** The mean of several runs' CPU use. */
export function meanCpu(uses: CpuUse[]): CpuUse {
  const meanOf = (f: (c: CpuUse) => number | null) => {
    const xs = uses.map(f).filter((x): x is number => x !== null);
    return xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 0) : null;
  };
  return { target: meanOf((c) => c.target), loadGenerator: meanOf((c) => c.loadGenerator), postgres: meanOf((c) => c.postgres), other: meanOf((c) => c.other) };
}

/**
 * Other jobs on a shared machine skew a comparison: wait (a few seconds at most, and at most
 * 20 s over the whole run) until they use less than a third of a core.
 */
let quietBudgetMs = 20_000;
export async function awaitQuiet(ours: Child[]): Promise<void> {
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

/** RSS after a second at rest. */
export async function idleRss(child: Child): Promise<number> {
  await sleep(1000);
  return child.rssMb();
}
