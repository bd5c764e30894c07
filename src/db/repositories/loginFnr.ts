import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { FnrKind } from '../../domain/fnr.js';
import type { Executor } from '../client.js';
import { requests } from '../schema.js';

/**
 * Drops the fødselsnummer of a request whose confirmation was given up: it waits for nobody, so it
 * is not kept until the purge. Unlike eraseLoginFnr it sets no `login_fnr_erased_at`, which means
 * "the mail server accepted it". Returns its kind, or undefined if there was no number.
 */
export async function dropLoginFnr(tx: Executor, id: string): Promise<{ kind: FnrKind | null } | undefined> {
  const [row] = await tx
    .update(requests)
    .set({ loginFnr: null, updatedAt: sql`now()` })
    .where(and(eq(requests.id, id), isNotNull(requests.loginFnr)))
    .returning({ kind: requests.loginFnrKind });
  return row;
}

/**
 * Stores a fødselsnummer entered again for a given-up confirmation: only while the request has none,
 * none was erased after sending, and it is not purged. False when that no longer holds (someone was
 * quicker, or the email went out after all).
 */
export async function reenterLoginFnr(tx: Executor, id: string, fnr: { value: string; kind: FnrKind }): Promise<boolean> {
  const rows = await tx
    .update(requests)
    .set({ loginFnr: fnr.value, loginFnrKind: fnr.kind, updatedAt: sql`now()` })
    .where(and(eq(requests.id, id), isNull(requests.loginFnr), isNull(requests.loginFnrErasedAt), isNull(requests.purgedAt)))
    .returning({ id: requests.id });
  return rows.length === 1;
}
