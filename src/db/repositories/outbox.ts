import { and, asc, eq, gt, type AnyColumn, inArray, isNull, lt, lte, notExists, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
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
 * The lanes. A request's outbox rows in one lane go out one at a time, in the order they were
 * enqueued; lanes do not wait for each other. A row's lane is the first part of its kind (`slack`: the
 * vendor's channel, the receipt and then its thread notes; `mail`: the emails), except for the kinds
 * under one of these prefixes, which form a lane of their own: the triage card (its post, then its
 * updates and thread). So a slow or retrying email never holds up the card that reports on it, and a
 * receipt whose answer Slack holds never holds up the card.
 *
 * This table is the one statement of the rule: `laneOf` (in TypeScript) and `laneSql` (in a query)
 * are both made from it, and test/db/outboxLanes.test.ts checks that they agree on every kind.
 */
const OWN_LANES = ['slack.card'] as const;

/** The lane of a kind in hand. */
export function laneOf(kind: string): string {
  return OWN_LANES.find((prefix) => kind.startsWith(`${prefix}.`)) ?? kind.split('.')[0]!;
}

/** The lane of a kind column, in SQL. */
export function laneSql(kind: AnyColumn | SQL): SQL {
  const own = OWN_LANES.map((prefix) => sql`when starts_with(${kind}, ${`${prefix}.`}::text) then ${prefix}::text`);
  return sql`(case ${sql.join(own, sql` `)} else split_part(${kind}, '.', 1) end)`;
}

/**
 * A kind that waits for another kind of the same request, in another lane, to be delivered first,
 * but no longer than `upToMs` from the other's creation: the triage card links to the vendor's
 * receipt, yet staff must see a new request even if Slack holds the receipt's answer.
 */
export interface OutboxWait {
  kind: string;
  waitsFor: string;
  upToMs: number;
}

/**
 * Claims up to `limit` due rows with a lease: rows locked by another worker are skipped
 * (FOR UPDATE SKIP LOCKED), and a claimed row is invisible to others until its lease runs out.
 *
 * Order per request, across instances: a row is claimable only while no earlier row of the same
 * request and the same lane (above) is still pending (due, waiting for a retry, or leased by anyone),
 * nor, for a kind in `waits`, a row it waits for. A wait costs no extra statement: when the awaited row
 * is marked done the worker claims again at once, and a wait that runs out is seen by the next poll.
 * Rows given up (`failed`) do not block: they wait for a person (the card's retry button), and the
 * request's later effects go on meanwhile. A failed row put back in the queue blocks again.
 */
export async function claimDue(db: Executor, limit: number, leaseMs: number, waits: readonly OutboxWait[] = []): Promise<OutboxRow[]> {
  const earlier = alias(outbox, 'earlier');
  const awaited = alias(outbox, 'awaited');
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, 'pending'),
        lte(outbox.nextAttemptAt, sql`now()`),
        or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, sql`now()`)),
        notExists(
          db
            .select({ one: sql`1` })
            .from(earlier)
            .where(
              and(
                eq(earlier.requestId, outbox.requestId),
                eq(earlier.status, 'pending'),
                // An earlier row waiting, or any row under way: a row whose transaction committed
                // first may have been claimed before an earlier id committed; the earlier one then
                // waits for it to finish, so that two never run side by side.
                or(lt(earlier.id, outbox.id), gt(earlier.lockedUntil, sql`now()`)),
                sql`${laneSql(earlier.kind)} = ${laneSql(outbox.kind)}`,
              ),
            ),
        ),
        ...waits.map((w) =>
          or(
            sql`${outbox.kind} <> ${w.kind}`,
            notExists(
              db
                .select({ one: sql`1` })
                .from(awaited)
                .where(
                  and(
                    eq(awaited.requestId, outbox.requestId),
                    eq(awaited.kind, w.waitsFor),
                    eq(awaited.status, 'pending'),
                    gt(awaited.createdAt, sql`now() - ${w.upToMs} * interval '1 millisecond'`),
                  ),
                ),
            ),
          ),
        ),
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(outbox)
    .set({
      lockedUntil: sql`now() + ${leaseMs} * interval '1 millisecond'`,
      leaseToken: sql`gen_random_uuid()`,
      attempts: sql`${outbox.attempts} + 1`,
    })
    .where(inArray(outbox.id, due))
    .returning();
  return rows.sort((a, b) => a.id - b.id);
}

/** The lease a worker holds on a claimed row: every write it makes to the row must present it. */
export interface Lease {
  id: number;
  token: string;
}

/** Only the current lease holder matches: a worker whose lease was taken over gets no row. */
const held = (l: Lease) => and(eq(outbox.id, l.id), eq(outbox.leaseToken, l.token), eq(outbox.status, 'pending'));

/** Extends the lease while a delivery runs. False: the lease is gone (taken over or the row finished). */
export async function renewLease(db: Executor, lease: Lease, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ lockedUntil: sql`now() + ${leaseMs} * interval '1 millisecond'` })
    .where(held(lease))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

/** Each mark returns false, and changes nothing, when the lease is no longer this worker's. */
export async function markDone(db: Executor, lease: Lease, result: unknown): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'done', result: result ?? null, doneAt: sql`now()`, lockedUntil: null, leaseToken: null, lastError: null })
    .where(held(lease))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

/**
 * `notAnAttempt`: the receiver asked us to come back later (Slack's 429 with Retry-After); the wait
 * is kept, but the claim is not counted against the give-up limit.
 */
export async function markRetry(db: Executor, lease: Lease, error: string, delayMs: number, notAnAttempt = false): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({
      ...(notAnAttempt ? { attempts: sql`greatest(${outbox.attempts} - 1, 0)` } : {}),
      lastError: error,
      lockedUntil: null,
      leaseToken: null,
      nextAttemptAt: sql`now() + ${Math.round(delayMs)} * interval '1 millisecond'`,
    })
    .where(held(lease))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export async function markFailed(db: Executor, lease: Lease, error: string): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'failed', lastError: error, lockedUntil: null, leaseToken: null })
    .where(held(lease))
    .returning({ id: outbox.id });
  return rows.length === 1;
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

/** The status of the row enqueued with this dedupe key (undefined: none). */
export async function outboxStatusByKey(db: Executor, dedupeKey: string): Promise<string | undefined> {
  const [row] = await db.select({ status: outbox.status }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).limit(1);
  return row?.status;
}

export async function outboxRowsForRequest(db: Executor, requestId: string, kinds?: string[]): Promise<OutboxRow[]> {
  return outboxRowsForRequests(db, [requestId], kinds);
}

/** The outbox rows of these requests (of these kinds), oldest first. */
export async function outboxRowsForRequests(db: Executor, requestIds: string[], kinds?: string[]): Promise<OutboxRow[]> {
  if (requestIds.length === 0) return [];
  return db
    .select()
    .from(outbox)
    .where(and(inArray(outbox.requestId, requestIds), kinds ? inArray(outbox.kind, kinds) : undefined))
    .orderBy(asc(outbox.id));
}

/** One outbox row by its id (a file offer names the row whose file it offers). */
export async function outboxRowById(db: Executor, id: number): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id)).limit(1);
  return row;
}
