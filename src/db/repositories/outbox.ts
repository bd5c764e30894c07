import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { outbox, type OutboxRow } from '../schema.js';

export interface OutboxItem {
  kind: string;
  requestId: string | null;
  payload?: Record<string, unknown>;
  /** Same key, same effect: enqueueing it again is a no-op. */
  dedupeKey: string;
}

export async function enqueue(db: Executor, items: OutboxItem[]): Promise<void> {
  if (items.length === 0) return;
  await db
    .insert(outbox)
    .values(items.map((i) => ({ kind: i.kind, requestId: i.requestId, payload: i.payload ?? {}, dedupeKey: i.dedupeKey })))
    .onConflictDoNothing({ target: outbox.dedupeKey });
}

/**
 * Claims up to `limit` due rows with a lease: rows locked by another worker are skipped
 * (FOR UPDATE SKIP LOCKED), and a claimed row is invisible to others until its lease runs out.
 */
export async function claimDue(db: Executor, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, 'pending'),
        lte(outbox.nextAttemptAt, sql`now()`),
        or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(outbox)
    .set({
      lockedUntil: sql`now() + ${leaseMs} * interval '1 millisecond'`,
      attempts: sql`${outbox.attempts} + 1`,
    })
    .where(inArray(outbox.id, due))
    .returning();
  return rows.sort((a, b) => a.id - b.id);
}

export async function markDone(db: Executor, id: number, result: unknown): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'done', result: result ?? null, doneAt: sql`now()`, lockedUntil: null, lastError: null })
    .where(eq(outbox.id, id));
}

export async function markRetry(db: Executor, id: number, error: string, delayMs: number): Promise<void> {
  await db
    .update(outbox)
    .set({
      lastError: error,
      lockedUntil: null,
      nextAttemptAt: sql`now() + ${Math.round(delayMs)} * interval '1 millisecond'`,
    })
    .where(eq(outbox.id, id));
}

export async function markFailed(db: Executor, id: number, error: string): Promise<void> {
  await db.update(outbox).set({ status: 'failed', lastError: error, lockedUntil: null }).where(eq(outbox.id, id));
}

/** Puts a failed row back in the queue (the card's retry button). True when there was one to retry. */
export async function requeueFailed(db: Executor, id: number): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'failed')))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export async function outboxRowsForRequest(db: Executor, requestId: string, kinds?: string[]): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.requestId, requestId), kinds ? inArray(outbox.kind, kinds) : undefined))
    .orderBy(asc(outbox.id));
}
