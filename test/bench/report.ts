/**
 * Scenario rows, the printed table and the JSON. The JSON shape is
 * `{ machine, generated_at, …, scenarios: [{ name, rps, p50_ms, p99_ms, ratio_to_bare_bolt, target, target_met, … }] }`.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import type { LoadResult } from './load.js';
import type { Measured } from './measure.js';
import { ratio, round } from './util.js';

export interface Scenario {
  name: string;
  rps: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  ratio_to_bare_bolt: number | null;
  target: string;
  target_met: boolean | null;
  database?: 'postgres' | 'pglite';
  bare_bolt?: { rps?: number | null; p50_ms: number | null; p99_ms: number | null; [k: string]: unknown };
  notes?: string;
  [extra: string]: unknown;
}

export function loadNotes(r: LoadResult): string | undefined {
  const bad = r.mismatched + r.errors;
  if (bad === 0) return undefined;
  const statuses = Object.entries(r.statuses)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  return (
    `${r.mismatched} unexpected responses, ${r.errors} errors (${r.timeouts} timeouts); statuses ${statuses}` +
    (r.sampleFailure ? `; e.g. ${r.sampleFailure.slice(0, 160)}` : '')
  );
}

export function bareOf(m: Measured, opens = false): Scenario['bare_bolt'] {
  return opens && m.opens
    ? { rps: round(m.opens.rps, 0), p50_ms: round(m.opens.p50), p99_ms: round(m.opens.p99) }
    : { rps: round(m.load.rps, 0), p50_ms: round(m.load.p50), p99_ms: round(m.load.p99) };
}

/** CPU use during the app's run and the bare Bolt run it is compared with, in % of one core. */
export function cpuOf(app: Measured, bare: Measured) {
  return {
    app: app.cpu.target,
    bare_bolt: bare.cpu.target,
    load_generator: app.cpu.loadGenerator,
    postgres: app.cpu.postgres,
    other: app.cpu.other,
    other_during_bare_bolt: bare.cpu.other,
  };
}

/** A note when other jobs on the machine took a noticeable share of the CPU during either run. */
export function contention(app: Measured, bare?: Measured): string | undefined {
  const worst = Math.max(app.cpu.other ?? 0, bare?.cpu.other ?? 0);
  return worst >= 20 ? `other processes used up to ${worst}% CPU during this comparison: figures are contended` : undefined;
}

export function joinNotes(...notes: (string | undefined)[]): { notes?: string } {
  const n = notes.filter(Boolean).join('; ');
  return n ? { notes: n } : {};
}

/** Saturation throughput of opening the modal: a floor of 0.8× bare Bolt. */
export const MODAL_FLOOR = 0.8;

/** Two rows per way of opening the modal: until the 200, and until views.open reached the fake. */
export function openRows(label: string, app: Measured, bare: Measured): Scenario[] {
  const target = `≥ ${MODAL_FLOOR}× bare rps`;
  const rpsRatio = ratio(app.load.rps, bare.load.rps);
  const openRatio = ratio(app.opens!.rps, bare.opens!.rps);
  const missing = app.load.ok - app.opens!.count;
  return [
    {
      name: `open intake modal: ${label} (until 200)`,
      rps: round(app.load.rps, 0),
      p50_ms: round(app.load.p50),
      p99_ms: round(app.load.p99),
      ratio_to_bare_bolt: rpsRatio,
      target,
      target_met: rpsRatio !== null && rpsRatio >= MODAL_FLOOR && app.load.mismatched === 0,
      database: 'postgres',
      p99_ratio_to_bare_bolt: ratio(app.load.p99, bare.load.p99),
      cpu_pct: cpuOf(app, bare),
      bare_bolt: bareOf(bare),
      ...joinNotes(loadNotes(app.load), contention(app, bare)),
    },
    {
      name: `open intake modal: ${label} (until views.open)`,
      rps: round(app.opens!.rps, 0),
      p50_ms: round(app.opens!.p50),
      p99_ms: round(app.opens!.p99),
      ratio_to_bare_bolt: openRatio,
      target,
      target_met: openRatio !== null && openRatio >= MODAL_FLOOR,
      database: 'postgres',
      p99_ratio_to_bare_bolt: ratio(app.opens!.p99, bare.opens!.p99),
      bare_bolt: bareOf(bare, true),
      ...joinNotes(missing > 0.01 * app.load.ok ? `${missing} acknowledged requests without a views.open` : undefined),
    },
  ];
}

/** A row comparing acknowledgements per second with bare Bolt's ack-only rate. */
export function ackRow(
  name: string,
  app: Measured,
  bare: Measured,
  minRatio: number,
  p99Limit: number | undefined,
  database: 'postgres' | 'pglite',
  reportOnly = false,
): Scenario {
  const r = ratio(app.load.rps, bare.load.rps);
  const target = reportOnly
    ? 'reported (no target)'
    : `≥ ${minRatio}× bare ack-only rps${p99Limit !== undefined ? `; p99 < ${p99Limit} ms` : ''}`;
  const met = reportOnly
    ? null
    : r !== null && r >= minRatio && (p99Limit === undefined || app.load.p99 < p99Limit) && app.load.mismatched === 0;
  return {
    name,
    rps: round(app.load.rps, 0),
    p50_ms: round(app.load.p50),
    p99_ms: round(app.load.p99),
    ratio_to_bare_bolt: r,
    target,
    target_met: met,
    database,
    p99_ratio_to_bare_bolt: ratio(app.load.p99, bare.load.p99),
    cpu_pct: cpuOf(app, bare),
    bare_bolt: bareOf(bare),
    ...joinNotes(loadNotes(app.load), contention(app, bare)),
  };
}

/** Rows in the issue's order, whatever order they ran in. */
const ORDER = [
  'open intake modal: button',
  'open intake modal: /tt02',
  'burst',
  'staff burst',
  'burst (register on)',
  'staff burst (register on)',
  'rate-limited',
  'sustained capacity',
  'valid submission (PostgreSQL)',
  'valid submission (PGlite)',
  'invalid',
  'staff step',
  'start-up to /healthz 200 (PostgreSQL)',
  'start-up to /healthz 200 (PGlite)',
  'idle memory',
  'memory',
];

export function sortScenarios(scenarios: Scenario[]): void {
  // The longest prefix that fits: 'burst (register on)' before 'burst'.
  const rank = (s: Scenario) => {
    let best = -1;
    ORDER.forEach((prefix, i) => {
      if (s.name.startsWith(prefix) && (best < 0 || prefix.length > ORDER[best]!.length)) best = i;
    });
    return best;
  };
  scenarios.sort((a, b) => rank(a) - rank(b));
}

function fmt(x: number | null | undefined, d = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d);
}

const STANDARD_KEYS = new Set(['name', 'rps', 'p50_ms', 'p99_ms', 'ratio_to_bare_bolt', 'target', 'target_met', 'bare_bolt', 'database', 'notes', 'pending']);

export function printTable(scenarios: Scenario[], totalS: number): void {
  const head = ['scenario', 'rps', 'p50 ms', 'p99 ms', 'bare rps', 'bare p99', 'ratio', 'target', 'met'];
  const whole = (s: Scenario) => s.name.startsWith('start-up') || s.name.includes('burst') || s.name.startsWith('rate-limited');
  const rows = scenarios.map((s) => [
    s.name,
    fmt(s.rps, 0),
    fmt(s.p50_ms, whole(s) ? 0 : 1),
    fmt(s.p99_ms, whole(s) ? 0 : 1),
    fmt(s.bare_bolt?.rps ?? null, 0),
    fmt(s.bare_bolt?.p99_ms ?? null, whole(s) ? 0 : 1),
    fmt(s.ratio_to_bare_bolt, 2),
    s.target,
    s.target_met === null ? (s.pending ? 'pending' : '–') : s.target_met ? 'yes' : 'NO',
  ]);
  const left = (i: number) => i === 0 || i >= 7;
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log('');
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (left(i) ? `${'-'.repeat(w + 2)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log('');
  console.log(
    'Start-up rows: p50 = median, p99 = slowest of the timed starts. Burst rows: p50 = median, p99 = slowest, ratio = slowest vs bare Bolt\'s slowest.\n' +
      'Memory rows: ratio = RSS vs bare Bolt. Sustained capacity: rps = highest rate with every receipt and card within 2 s; ratio vs bare Bolt\'s ack-only rps.',
  );
  for (const s of scenarios) {
    const extras = Object.entries(s)
      .filter(([k]) => !STANDARD_KEYS.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    const notes = [...extras, ...(s.notes ? [s.notes] : [])];
    if (notes.length) console.log(`  ${s.name}: ${notes.join('; ')}`);
  }
  const m = machine();
  console.log(`\n${m.cpus} × ${m.model}, ${m.memory}, Node ${m.node}, ${m.platform}; total wall time ${totalS.toFixed(0)} s`);
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model ?? 'unknown',
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

export function writeJson(file: string, header: Record<string, unknown>, scenarios: Scenario[]): string {
  const path = resolve(file);
  writeFileSync(path, `${JSON.stringify({ machine: machine(), generated_at: new Date().toISOString(), ...header, scenarios }, null, 2)}\n`);
  return path;
}
