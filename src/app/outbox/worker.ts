import { EventEmitter } from 'node:events';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Db } from '../../db/client.js';
import { claimDue, markDone, markFailed, markRetry, renewLease, type Lease, type OutboxWait } from '../../db/repositories/outbox.js';
import { EFFECT } from '../effects.js';
import type { OutboxRow } from '../../db/schema.js';
import type { Logger } from '../../logger.js';

/** The effect cannot succeed by retrying (e.g. a recipient the mail server refuses): give up now. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/**
 * The receiver asked us to come back later (Slack's 429 with Retry-After), or the row waits for
 * another to land first (a card for its receipt). Not a failure of the effect: the row waits `delayMs`
 * and the claim is not counted against the give-up limit.
 */
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

/**
 * The triage card links to the vendor's receipt, so a new card waits for its receipt, counted from the
 * submission, but no longer than a second: staff see a new request within 2 s (a second's wait, then
 * the next poll) whatever Slack does with the receipt. A card that went without the link gains it
 * when the receipt lands (deliveries.ts, recordReceiptPosted).
 */
const WAITS: readonly OutboxWait[] = [{ kind: EFFECT.cardPost, waitsFor: EFFECT.receiptPost, upToMs: 1000 }];

export interface OutboxWorkerOptions {
  db: Db;
  handlers: Record<string, OutboxHandler>;
  logger: Logger;
  maxAttempts: number;
  /** Called after a failed attempt (`final`: given up), to make failures visible (e.g. on the triage card). */
  onFailure?: (row: OutboxRow, error: string, final: boolean) => Promise<void>;
  /**
   * How long a claim lasts without renewal (default 15 s). It is renewed every third of that while
   * the handler runs, so a slow receiver (an SMTP server may take 10 minutes over the final dot)
   * keeps its row, and a dead instance's rows move to another within one lease.
   */
  leaseMs?: number;
  /**
   * Rows delivered at once by this worker (default 300). A burst of 50 vendors is 100 posts, and
   * bare Bolt makes them all at once; under sustained load each row is in flight for a few hundred
   * milliseconds (Slack's answer), so at 200 submissions a second (400 rows) a cap of 100 held
   * rows back, where 300 kept pace (npm run bench, sustained capacity). Rows wait on Slack's answers, not on this
   * process's CPU; @slack/web-api queues calls past its own concurrency (100) anyway.
   */
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface OutboxWorker {
  /**
   * Deliver due rows now; coalesces with a run in progress. Called after a commit, and by the ticker
   * (src/app/ticker.ts) as the outbox's poll, which picks up what other instances queued.
   */
  kick(): void;
  start(): void;
  stop(): Promise<void>;
  /**
   * Emits 'delivered' (row) after a row is marked done, 'failed' (row, error, final) after a failed
   * attempt, 'deferred' (row, delayMs) when the receiver asked to come back later, 'lost' (row) when the lease ran out and another worker took the row over (this worker
   * then leaves the row alone).
   */
  readonly events: EventEmitter;
}

/** Exponential backoff with full jitter between half and the whole of the step. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return step / 2 + Math.random() * (step / 2);
}

export function createOutboxWorker(o: OutboxWorkerOptions): OutboxWorker {
  const leaseMs = o.leaseMs ?? 15_000;
  const batchSize = o.batchSize ?? 300;
  const baseDelayMs = o.baseDelayMs ?? 1_000;
  const maxDelayMs = o.maxDelayMs ?? 5 * 60_000;
  const log = o.logger.child({ component: 'outbox' });
  const events = new EventEmitter();

  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  /** Deliveries under way; each claims its row's lease and renews it until it has marked the row. */
  const inFlight = new Set<Promise<void>>();

  function lost(row: OutboxRow): void {
    events.emit('lost', row);
    log.warn({ id: row.id, kind: row.kind, attempts: row.attempts }, 'lease lost: another worker took the row over');
  }

  /** Renews the lease every third of its length until `stop` is called; `isLost` once a renewal found it gone. */
  function keepLease(lease: Lease) {
    let gone = false;
    const t = setInterval(() => {
      renewLease(o.db, lease, leaseMs)
        .then((ok) => {
          if (!ok) gone = true;
        })
        // A failed renewal is not a lost lease: the marks that follow are fenced by the token anyway.
        .catch((err: unknown) => log.warn({ id: lease.id, err }, 'lease renewal failed'));
    }, leaseMs / 3);
    t.unref();
    return { isLost: () => gone, stop: () => clearInterval(t) };
  }

  async function deliver(row: OutboxRow): Promise<void> {
    if (!row.leaseToken) throw new Error(`outbox row ${row.id} claimed without a lease token`);
    const lease: Lease = { id: row.id, token: row.leaseToken };
    const handler = o.handlers[row.kind];
    const renewal = keepLease(lease);
    let result: unknown;
    let failure: unknown;
    let ok = false;
    try {
      if (!handler) throw new PermanentDeliveryError(`no handler for outbox kind ${row.kind}`);
      result = await handler(row);
      ok = true;
    } catch (err) {
      failure = err;
    } finally {
      renewal.stop();
    }
    if (renewal.isLost()) return lost(row);
    if (ok) {
      if (!(await markDone(o.db, lease, result))) return lost(row);
      events.emit('delivered', row);
      log.debug({ id: row.id, kind: row.kind, attempts: row.attempts }, 'delivered');
      return;
    }
    const err = failure;
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    if (err instanceof RetryLaterError) {
      if (!(await markRetry(o.db, lease, message, err.delayMs, true))) return lost(row);
      events.emit('deferred', row, err.delayMs);
      log.debug({ id: row.id, kind: row.kind, delayMs: Math.round(err.delayMs) }, 'deferred');
      schedule(err.delayMs);
      return;
    }
    const permanent = err instanceof PermanentDeliveryError;
    if (permanent || row.attempts >= o.maxAttempts) {
      if (!(await markFailed(o.db, lease, message))) return lost(row);
      events.emit('failed', row, message, true);
      log.warn({ id: row.id, kind: row.kind, attempts: row.attempts, err: message }, 'gave up delivering');
      await o.onFailure?.(row, message, true).catch((e) => log.error({ err: e }, 'onFailure failed'));
    } else {
      const delay = backoffMs(row.attempts, baseDelayMs, maxDelayMs);
      if (!(await markRetry(o.db, lease, message, delay))) return lost(row);
      events.emit('failed', row, message, false);
      log.info({ id: row.id, kind: row.kind, attempts: row.attempts, delayMs: Math.round(delay), err: message }, 'will retry');
      await o.onFailure?.(row, message, false).catch((e) => log.error({ err: e }, 'onFailure failed'));
      schedule(delay);
    }
  }

  function launch(row: OutboxRow): void {
    const p: Promise<void> = deliver(row)
      .catch((err: unknown) => log.error({ err, id: row.id }, 'outbox delivery failed'))
      .finally(() => {
        inFlight.delete(p);
        // A finished row may unblock the next of its request, and frees a slot.
        run();
      });
    inFlight.add(p);
  }

  async function runOnce(): Promise<void> {
    while (!stopped) {
      // An embedded database can answer without touching the event loop: let I/O in between batches.
      await yieldToIo();
      // Each row is delivered on its own, so one slow receiver holds one slot, not the whole batch.
      const free = batchSize - inFlight.size;
      if (stopped || free <= 0) return;
      // Only the first pending row of each request (and lane) is claimable, so a request's effects
      // go in order, here and across instances; different requests run side by side.
      const rows = await claimDue(o.db, free, leaseMs, WAITS);
      if (rows.length === 0) return;
      for (const r of rows) launch(r);
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
      run();
    },
    async stop() {
      stopped = true;
      await running;
      await Promise.all([...inFlight]);
    },
  };
}
