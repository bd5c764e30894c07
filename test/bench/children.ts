/**
 * Child processes for the bench: spawn a TypeScript entry under `node --import tsx` (so the pid is
 * the Node process itself, not a tsx wrapper), time spawn → first 200 from /healthz, read RSS from
 * /proc, stop with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  /** Spawn → first 200 from /healthz, in ms. */
  startupMs: number;
  logFile: string;
  /** Resident set size in MB (from /proc/PID/status), NaN when unavailable. */
  rssMb(): number;
  /** CPU seconds used so far. */
  cpuS(): number;
  /**
   * process.memoryUsage() of the child in MB, if it answers the 'memory' message (appProcess.ts does);
   * `afterGc` asks it to collect garbage first (it is started with --expose-gc).
   */
  memoryUsage(afterGc?: boolean): Promise<Record<string, number> | undefined>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** Path relative to the repository root, e.g. test/bench/appProcess.ts (a .js file runs without tsx). */
  script: string;
  env: Record<string, string>;
  logFile: string;
  /** Write a V8 CPU profile into this directory when the child exits. */
  cpuProfDir?: string;
  /** Extra Node.js flags, e.g. --max-old-space-size=96. */
  nodeArgs?: string[];
  timeoutMs?: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far, in seconds (NaN when unavailable). */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** CPU seconds used so far by all processes whose command name is `comm` (e.g. postgres). */
export function cpuSecondsOfCommand(comm: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== comm) continue;
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Busy and total CPU seconds of the whole machine so far (all cores), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

// USER_HZ is 100 on every Linux this runs on.
const CLOCK_TICKS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Environment a child gets: only what Node and tsx need, plus `extra` (nothing leaks from the shell). */
export function baseEnv(extra: Record<string, string>): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SystemRoot', 'BENCH_SQL_LOG'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return { ...env, NODE_ENV: 'production', ...extra };
}

export async function spawnChild(opts: SpawnOptions): Promise<Child> {
  const port = await freePort();
  const fd = openSync(opts.logFile, 'a');
  const nodeArgs = opts.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  nodeArgs.push('--expose-gc'); // only used when the bench asks (memoryUsage(true)), after the figures
  nodeArgs.push(...(opts.nodeArgs ?? []));
  if (opts.cpuProfDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  const started = performance.now();
  const proc = spawn(process.execPath, [...nodeArgs, opts.script], {
    cwd: ROOT,
    env: { ...opts.env, PORT: String(port) },
    stdio: ['ignore', fd, fd, 'ipc'],
  });
  closeSync(fd);
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    proc.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 1);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = started + (opts.timeoutMs ?? 30_000);
  let startupMs = NaN;
  for (;;) {
    if (exited !== null) {
      throw new Error(`${opts.name} exited with ${exited} before /healthz answered. Log ${opts.logFile}:\n${tail(opts.logFile)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        startupMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${opts.name} did not answer /healthz within ${opts.timeoutMs ?? 30_000} ms. Log:\n${tail(opts.logFile)}`);
    }
    await sleep(5);
  }
  const pid = proc.pid!;
  return {
    name: opts.name,
    proc,
    pid,
    port,
    url,
    startupMs,
    logFile: opts.logFile,
    rssMb: () => rssOf(pid),
    cpuS: () => cpuSecondsOf(pid),
    memoryUsage: (afterGc = false) =>
      new Promise((resolve) => {
        if (!proc.connected) return resolve(undefined);
        const timer = setTimeout(() => {
          proc.off('message', onMessage);
          resolve(undefined);
        }, 1000);
        const onMessage = (m: unknown) => {
          const msg = m as { type?: string } & Record<string, number>;
          if (msg?.type !== 'memory') return;
          clearTimeout(timer);
          proc.off('message', onMessage);
          const { type: _type, ...usage } = msg;
          resolve(Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, Math.round((v / 2 ** 20) * 10) / 10])));
        };
        proc.on('message', onMessage);
        proc.send(afterGc ? 'memory-gc' : 'memory');
      }),
    async stop() {
      if (exited !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
