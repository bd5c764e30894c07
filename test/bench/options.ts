/** Command-line options of `npm run bench`, and the durations of a quick and a full run. */

export interface Options {
  json?: string;
  quick: boolean;
  cpuProfDir?: string;
  pglite: boolean;
  appEntry: string;
  appNodeArgs: string[];
  /** Only these scenario groups (start-up always runs); all when unset. */
  only?: Set<string>;
  /** How long the bench's fake Enhetsregisteret takes to answer a look-up (register.ts). */
  registerLatencyMs: number;
}

/** Scenario groups `--only` takes, in the order they run. */
export const GROUPS = ['startup', 'modal', 'bursts', 'bursts-register', 'ratelimited', 'capacity', 'submissions', 'soak', 'staff', 'pglite'] as const;

/** A look-up at data.brreg.no from a server in Norway on an open connection (README, "Register on"). */
export const DEFAULT_REGISTER_LATENCY_MS = 40;

export const USAGE = `usage: npm run bench -- [--json FILE] [--quick] [--cpu-prof DIR] [--no-pglite] [--app-entry FILE]

  --json FILE       also write the figures as JSON
  --quick           short runs (about 3 minutes) to try the bench out; figures are rough
  --cpu-prof DIR    write a V8 CPU profile of the PostgreSQL app process (and keep the logs) in DIR
  --no-pglite       skip the PGlite part
  --app-entry FILE  start the app from FILE instead of the production bundle dist/test/bench/appProcess.bundle.js
                    (dist/test/bench/appProcess.js: tsc's per-file build; test/bench/appProcess.ts: under tsx,
                    as npm start runs it, and bare Bolt then runs under tsx as well)
  --only G1,G2       run only these scenario groups (start-up always runs; --only startup for just that): ${GROUPS.join(', ')};
                    bursts brings the register-on bursts with it (bursts-register: those alone);
                    soak, staff and pglite bring submissions with them
  --register-latency MS  how long the fake Enhetsregisteret takes per look-up in the register-on bursts (default ${DEFAULT_REGISTER_LATENCY_MS})
  --app-node-args=FLAGS  Node.js flags for the app and bare Bolt processes (default --max-old-space-size=128 --max-semi-space-size=8 --min-semi-space-size=8, as npm run start:prod)`;

export function parseArgs(argv: string[]): Options {
  // The production build (`npm run build`, which `npm run bench` runs first): what a deployment runs,
  // bundled as `npm run start:prod` runs it (scripts/bundle.mjs).
  const o: Options = { quick: false, pglite: true, appEntry: 'dist/test/bench/appProcess.bundle.js', appNodeArgs: ['--max-old-space-size=128', '--max-semi-space-size=8', '--min-semi-space-size=8'], registerLatencyMs: DEFAULT_REGISTER_LATENCY_MS };
  const value = (i: number, name: string): string => {
    const v = argv[i];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value (try --help)`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = () => inline ?? value(++i, flag);
    if (flag === '--json') o.json = take();
    else if (flag === '--cpu-prof') o.cpuProfDir = take();
    else if (flag === '--app-entry') o.appEntry = take();
    else if (flag === '--register-latency') {
      const ms = Number(take());
      if (!Number.isFinite(ms) || ms < 0) throw new Error('--register-latency needs a number of milliseconds');
      o.registerLatencyMs = ms;
    } else if (flag === '--app-node-args') o.appNodeArgs = take().split(/\s+/).filter(Boolean);
    else if (flag === '--only') {
      const groups = take().split(',').filter(Boolean);
      const unknown = groups.filter((g) => !(GROUPS as readonly string[]).includes(g));
      if (unknown.length) throw new Error(`--only: unknown group ${unknown.join(', ')} (groups: ${GROUPS.join(', ')})`);
      o.only = new Set(groups);
    } else if (flag === '--quick') o.quick = true;
    else if (flag === '--no-pglite') o.pglite = false;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return o;
}

/** Bare Bolt runs the way the app does: compiled when the app is, under tsx when it is. */
export function bareEntry(o: Options): string {
  return o.appEntry.endsWith('.js') ? 'dist/test/bench/bareBolt.js' : 'test/bench/bareBolt.ts';
}

export interface Params {
  /** autocannon connections for the saturation runs. */
  connections: number;
  warmS: number;
  measureS: number;
  startups: number;
  cards: number;
  memTotal: number;
  steadyS: number;
  settleMs: number;
  claimSettleMs: number;
  /** Burst runs per side, in pairs alternating which side goes first (bare, app, app, bare, bare, app when 3). */
  bursts: number;
  /** Uncounted bursts per side before the counted ones (the JIT). */
  warmBursts: number;
  burstVendors: number;
  /** Vendors in the rate-limited burst: at one card a second, this many take about as many seconds. */
  limitedVendors: number;
  /** Seconds per step of the sustained-capacity search, and at most this many steps. */
  capacityStepS: number;
  capacitySteps: number;
  /** Most connections the capacity search's load generator opens (it waits for each answer on a connection). */
  capacityConnections: number;
}

/** Durations: the full run stays under about 6 minutes, the quick one under 3, on a 2-core machine. */
export function params(quick: boolean): Params {
  return quick
    ? { connections: 50, warmS: 1, measureS: 2, startups: 2, cards: 100, memTotal: 3_000, steadyS: 10, settleMs: 8_000, claimSettleMs: 3_000, bursts: 1, warmBursts: 1, burstVendors: 50, limitedVendors: 10, capacityStepS: 2, capacitySteps: 8, capacityConnections: 200 }
    : { connections: 50, warmS: 1.5, measureS: 3, startups: 3, cards: 300, memTotal: 20_000, steadyS: 30, settleMs: 15_000, claimSettleMs: 5_000, bursts: 7, warmBursts: 3, burstVendors: 50, limitedVendors: 50, capacityStepS: 4, capacitySteps: 9, capacityConnections: 200 };
}
