import { EventEmitter } from 'node:events';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Db } from '../db/client.js';
import { claimDue, markDone, markFailed, markRetry } from '../db/repositories/outbox.js';
import type { OutboxRow } from '../db/schema.js';
import type { Logger } from '../logger.js';

/** The effect cannot succeed by retrying (e.g. a recipient the mail server refuses): give up now. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** The receiver asked us to come back later (e.g. Slack's 429 with Retry-After). */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

export type OutboxHandler = (row: OutboxRow) => Promise<unknown>;

/** Under load, one row per pause: deliveries keep moving, slowly, and the acknowledgements stay fast. */
const BUSY_PAUSE_MS = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface OutboxWorkerOptions {
  db: Db;
  handlers: Record<string, OutboxHandler>;
  logger: Logger;
  maxAttempts: number;
  /** Called after a failed attempt (`final`: given up), to make failures visible (e.g. on the triage card). */
  onFailure?: (row: OutboxRow, error: string, final: boolean) => Promise<void>;
  leaseMs?: number;
  pollMs?: number;
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * True while the app is under a burst of Slack requests: delivery then slows to a trickle so that
   * acknowledgements keep their speed, and catches up when the burst is over.
   */
  underLoad?: () => boolean;
}

export interface OutboxWorker {
  /** Deliver due rows now (after a commit); coalesces with a run in progress. */
  kick(): void;
  start(): void;
  stop(): Promise<void>;
  /** Emits 'delivered' (row) after a row is marked done, 'failed' (row, error, final) after a failed attempt. */
  readonly events: EventEmitter;
}

/** Exponential backoff with full jitter between half and the whole of the step. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return step / 2 + Math.random() * (step / 2);
}

export function createOutboxWorker(o: OutboxWorkerOptions): OutboxWorker {
  const leaseMs = o.leaseMs ?? 60_000;
  const pollMs = o.pollMs ?? 1_000;
  const batchSize = o.batchSize ?? 20;
  const baseDelayMs = o.baseDelayMs ?? 1_000;
  const maxDelayMs = o.maxDelayMs ?? 5 * 60_000;
  const log = o.logger.child({ component: 'outbox' });
  const events = new EventEmitter();

  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;

  async function deliver(row: OutboxRow): Promise<void> {
    const handler = o.handlers[row.kind];
    try {
      if (!handler) throw new PermanentDeliveryError(`no handler for outbox kind ${row.kind}`);
      const result = await handler(row);
      await markDone(o.db, row.id, result);
      events.emit('delivered', row);
      log.debug({ id: row.id, kind: row.kind, attempts: row.attempts }, 'delivered');
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      const permanent = err instanceof PermanentDeliveryError;
      if (permanent || row.attempts >= o.maxAttempts) {
        await markFailed(o.db, row.id, message);
        events.emit('failed', row, message, true);
        log.warn({ id: row.id, kind: row.kind, attempts: row.attempts, err: message }, 'gave up delivering');
        await o.onFailure?.(row, message, true).catch((e) => log.error({ err: e }, 'onFailure failed'));
      } else {
        const delay = err instanceof RetryLaterError ? err.delayMs : backoffMs(row.attempts, baseDelayMs, maxDelayMs);
        await markRetry(o.db, row.id, message, delay);
        events.emit('failed', row, message, false);
        log.info({ id: row.id, kind: row.kind, attempts: row.attempts, delayMs: Math.round(delay), err: message }, 'will retry');
        await o.onFailure?.(row, message, false).catch((e) => log.error({ err: e }, 'onFailure failed'));
        schedule(delay);
      }
    }
  }

  async function runOnce(): Promise<void> {
    while (!stopped) {
      // An embedded database can answer without touching the event loop: let I/O in between batches.
      await yieldToIo();
      const busy = o.underLoad?.() ?? false;
      if (busy) await sleep(BUSY_PAUSE_MS);
      if (stopped) return;
      const rows = await claimDue(o.db, busy ? 1 : batchSize, leaseMs);
      if (rows.length === 0) return;
      // Effects of one request go in order (its thread reads top to bottom); requests run side by side.
      const byRequest = new Map<string, OutboxRow[]>();
      for (const r of rows) {
        const key = r.requestId ?? `row-${r.id}`;
        byRequest.set(key, [...(byRequest.get(key) ?? []), r]);
      }
      await Promise.all(
        [...byRequest.values()].map(async (group) => {
          for (const r of group) await deliver(r);
        }),
      );
    }
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = runOnce()
      .catch((err) => log.error({ err }, 'outbox run failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    const t = setTimeout(run, Math.max(0, delayMs) + 5);
    t.unref();
  }

  return {
    events,
    kick: run,
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(run, pollMs);
      timer.unref();
      run();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
