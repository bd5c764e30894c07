import { serializeError } from './logScrub.js';
import type { Logger } from './logger.js';

export type FaultKind = 'unhandledRejection' | 'uncaughtException' | 'request';

/** Faults that reached the last line of defence: every one is a bug. /healthz shows the count. */
export class FaultCounter {
  count = 0;
  last?: { at: string; kind: FaultKind; name: string; code?: string };

  record(kind: FaultKind, err: unknown, log: Logger): void {
    this.count += 1;
    const d = serializeError(err);
    const name = typeof d === 'string' ? typeof err : d.type;
    const code = typeof d === 'string' ? undefined : d.code;
    this.last = { at: new Date().toISOString(), kind, name, ...(code ? { code } : {}) };
    // The logger's `err` serializer (logScrub.ts) keeps the stack frames and drops values.
    log.error({ fault: kind, faults: this.count, err }, `unexpected ${kind}: the process keeps serving, but this is a bug`);
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
