/**
 * Group commit: concurrent callers of the same write share one statement. Each round trip to the
 * database costs far more than a row (on a VM, waking the server process is most of a write's
 * cost), so under a burst fifty submissions become one statement and one commit instead of fifty.
 *
 * A statement starts at the end of the current turn of the event loop (setImmediate: no timer, so
 * no added latency when the app is quiet), with every item that arrived in that turn; while
 * `maxInFlight` statements are running, new items wait and go together in the next statement. The
 * turn matters for an embedded database (PGlite), which answers without waiting for the network.
 * One statement at a time (the default) makes the biggest batches: on a busy 2-core machine that
 * measured faster than two or three at a time (`npm run bench`).
 * If a shared statement fails, each of its items is retried on its own, so one bad item never
 * fails its neighbours.
 */
export interface GroupCommitOptions<I> {
  /** Writes the items in one statement; returns one result per item, in the same order. */
  write: (items: I[]) => Promise<unknown[]>;
  /** Items with the same key never share a statement (e.g. two claims on one request). */
  keyOf?: (item: I) => string;
  maxBatch?: number;
  maxInFlight?: number;
}

interface Waiting<I> {
  item: I;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<I, O> {
  private readonly queue: Waiting<I>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(private readonly opts: GroupCommitOptions<I>) {
    this.maxBatch = opts.maxBatch ?? 100;
    this.maxInFlight = opts.maxInFlight ?? 1;
  }

  write(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled && this.inFlight < this.maxInFlight) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** The next batch: up to maxBatch items in arrival order, skipping (for now) repeated keys. */
  private take(): Waiting<I>[] {
    const keyOf = this.opts.keyOf;
    if (!keyOf) return this.queue.splice(0, this.maxBatch);
    const batch: Waiting<I>[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < this.queue.length && batch.length < this.maxBatch; ) {
      const w = this.queue[i]!;
      const key = keyOf(w.item);
      if (keys.has(key)) {
        i++;
        continue;
      }
      keys.add(key);
      batch.push(w);
      this.queue.splice(i, 1);
    }
    return batch;
  }

  private async run(batch: Waiting<I>[]): Promise<void> {
    try {
      const results = await this.opts.write(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // Find the culprit: each item alone (in turn, so a failing database is not hammered).
      for (const w of batch) {
        try {
          const [result] = await this.opts.write([w.item]);
          w.resolve(result);
        } catch (own) {
          w.reject(own);
        }
      }
    }
  }
}

/**
 * The GroupCommit of this database (or transaction) object for one kind of statement, made on first
 * use: callers that share a database share its statements.
 */
export function perDatabase<I, O>(cache: WeakMap<object, GroupCommit<I, O>>, db: object, make: () => GroupCommit<I, O>): GroupCommit<I, O> {
  let writer = cache.get(db);
  if (!writer) cache.set(db, (writer = make()));
  return writer;
}
