import type { Logger } from './logger.js';

/**
 * Errors described for a log line without personal data: an error's message may quote a value (a
 * database constraint's `Key (email)=(…)`, a parser's "got '…'"), so values are cut out of it. The
 * stack's frames are kept: they name code, not data, and they are what makes a fault fixable.
 */
export interface ErrorDescription {
  name: string;
  message: string;
  code?: string;
  stack?: string[];
}

const MAX_MESSAGE = 300;
const MAX_FRAMES = 12;

/** Cuts query parameters, quoted strings, `=(…)` values, email addresses and long digit runs out of a message. */
export function scrubMessage(message: string): string {
  return message
    .replace(/\bparams:[\s\S]*/, 'params: …')
    .replace(/[^\s"'`<>()=,;:]+@[^\s"'`<>()=,;:]+/g, '[email]')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '"…"')
    .replace(/=\s*\([^)]*\)/g, '=(…)')
    .replace(/\+?\d[\d .-]{4,}\d/g, '[number]')
    .slice(0, MAX_MESSAGE);
}

export function describeError(err: unknown): ErrorDescription {
  if (!(err instanceof Error)) return { name: typeof err, message: '(a non-Error value was thrown)' };
  const code = (err as { code?: unknown }).code;
  // Bolt wraps a listener's error (`original`): its stack is the one that points at the bug.
  const original = (err as { original?: unknown }).original;
  const origin = original instanceof Error ? original : err;
  const frames = (origin.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, MAX_FRAMES)
    .map((l) => l.trim());
  return {
    name: origin.name,
    message: scrubMessage(origin.message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    ...(frames.length ? { stack: frames } : {}),
  };
}

export type FaultKind = 'unhandledRejection' | 'uncaughtException' | 'request';

/** Faults that reached the last line of defence: every one is a bug. /healthz shows the count. */
export class FaultCounter {
  count = 0;
  last?: { at: string; kind: FaultKind; name: string; code?: string };

  record(kind: FaultKind, err: unknown, log: Logger): void {
    this.count += 1;
    const d = describeError(err);
    this.last = { at: new Date().toISOString(), kind, name: d.name, ...(d.code ? { code: d.code } : {}) };
    log.error({ fault: kind, faults: this.count, err: d }, `unexpected ${kind}: the process keeps serving, but this is a bug`);
  }
}

/** One counter per process: the process-level handlers and /healthz share it. */
export const processFaults = new FaultCounter();

/**
 * The last line of defence: an exception no code caught (one request's, a timer's) is logged and
 * counted instead of ending the process for everyone. Returns a function that removes the handlers.
 */
export function installProcessGuard(log: Logger, faults: FaultCounter = processFaults): () => void {
  const onRejection = (reason: unknown) => faults.record('unhandledRejection', reason, log);
  const onException = (err: unknown) => faults.record('uncaughtException', err, log);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
