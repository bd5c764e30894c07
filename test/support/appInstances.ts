/**
 * The app as separate processes, exactly as `npm start` runs it (`node --import tsx src/main.ts`),
 * for tests of several instances on one database. Each instance's output goes to a log file (shown
 * when something fails); the instance counts as started when /healthz answers 200.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface AppInstance {
  name: string;
  pid: number;
  /** http://127.0.0.1:PORT */
  url: string;
  logFile: string;
  /** Resolves with the exit signal or code once the process is gone. */
  readonly exited: Promise<string>;
  kill(signal: NodeJS.Signals): void;
}

function freePort(): Promise<number> {
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

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

/** Starts one instance with `env` (on top of PATH and HOME); resolves once /healthz answers 200. */
export async function startAppInstance(name: string, env: Record<string, string>, timeoutMs = 30_000): Promise<AppInstance> {
  const dir = await mkdtemp(path.join(tmpdir(), `tt02-${name}-`));
  const logFile = path.join(dir, 'app.log');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, DATA_DIR: dir, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  proc.stdout?.pipe(log);
  proc.stderr?.pipe(log);
  const exited = new Promise<string>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? String(code))));
  const tail = () => readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');

  // Every line the app writes is a moment to ask whether it listens yet: no polling on a timer.
  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      proc.stdout?.off('data', check);
      if (err) reject(err);
      else resolve();
    };
    // After its last start-up line the app may still be connecting (503): ask again until it answers
    // 200, or the deadline passes, rather than wait for a line that may never come.
    const check = () => {
      void healthy(url).then((ok) => (ok ? finish() : !done && setTimeout(check, 200)));
    };
    const timer = setTimeout(() => finish(new Error(`${name} did not become healthy within ${timeoutMs} ms:\n${tail()}`)), timeoutMs);
    proc.stdout?.on('data', check);
    void exited.then((how) => finish(new Error(`${name} exited (${how}) before it was healthy:\n${tail()}`)));
  });
  if (proc.pid === undefined) throw new Error(`${name} has no pid`);
  return { name, pid: proc.pid, url, logFile, exited, kill: (signal) => void proc.kill(signal) };
}

/**
 * Which of `instances` owns the TCP connection whose local (client) port is `clientPort` on
 * 127.0.0.1: the socket's inode from /proc/net/tcp, then the process holding it among its fds.
 */
export function ownerOfConnection(instances: AppInstance[], clientPort: number): AppInstance | undefined {
  const portHex = clientPort.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(`:${portHex}`) && f[9]) inodes.add(f[9]);
    }
  }
  return instances.find((i) => {
    try {
      return readdirSync(`/proc/${i.pid}/fd`).some((fd) => {
        try {
          const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${i.pid}/fd/${fd}`));
          return m !== null && inodes.has(m[1]!);
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  });
}
