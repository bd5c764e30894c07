/** Small helpers shared by the bench's modules: progress lines, rounding, ratios. */
import { performance } from 'node:perf_hooks';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const benchStart = performance.now();
/** Seconds since the bench started. */
export const elapsedS = () => (performance.now() - benchStart) / 1000;
/** A progress line on stderr (stdout carries the table). */
export const say = (msg: string) => console.error(`[bench ${elapsedS().toFixed(0).padStart(3)}s] ${msg}`);

export const round = (x: number, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);

export function ratio(a: number, b: number): number | null {
  return b > 0 && Number.isFinite(a) && Number.isFinite(b) ? round(a / b) : null;
}

export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
