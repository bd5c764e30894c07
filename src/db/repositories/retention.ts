import type { EventKind } from '../../domain/events.js';
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { STATUSES, isOpen } from '../../domain/lifecycle.js';
import type { Executor } from '../client.js';
import { outbox, requestEvents, requests, type RequestEventRow } from '../schema.js';

/** Completed, rejected and withdrawn: the statuses whose personal data the retention rule purges. */
export const CLOSED_STATUSES = STATUSES.filter((s) => !isOpen(s));

/**
 * Keys that could hold personal data in an audit event's details. Details are never meant to carry
 * any (see schema.ts): this is a safety net, so that a slip is purged with the rest.
 */
export const PERSONAL_DETAIL_KEYS = [
  'question', 'answer', 'rejectionReason', 'recipientName', 'contactName', 'contactEmail', 'contactPhone',
  'customerEmail', 'customerPhone', 'email', 'phone', 'name', 'fnr', 'loginFnr',
] as const;

const textArray = (xs: readonly string[]) => sql`array[${sql.join(xs.map((x) => sql`${x}`), sql`, `)}]::text[]`;

/** A closed request has no effect still to deliver that might need its personal data (an email, a note). */
const nothingPending = sql`not exists (select 1 from ${outbox} o where o.request_id = ${requests.id} and o.status = 'pending')`;

/**
 * Closed requests not purged yet (numbered above `afterNumber`, in order) that closed at or before
 * `cutoff` and have nothing left to deliver. When a request closed is read from the audit trail:
 * the event that moved it into its status.
 */
export async function requestsDueForPurge(
  db: Executor,
  o: { cutoff: Date; limit: number; afterNumber: number },
): Promise<{ id: string; number: number }[]> {
  const closedAt = sql`(select max(e.at) from ${requestEvents} e where e.request_id = ${requests.id} and e.to_status = ${requests.status})`;
  const rows = await db
    .select({ id: requests.id, number: requests.number })
    .from(requests)
    .where(
      and(
        isNull(requests.purgedAt),
        inArray(requests.status, CLOSED_STATUSES),
        gt(requests.number, o.afterNumber),
        sql`${closedAt} <= ${o.cutoff.toISOString()}::timestamptz`,
        nothingPending,
      ),
    )
    .orderBy(asc(requests.number))
    .limit(o.limit);
  return rows;
}

/**
 * Empties the request's personal data if it is still closed, unpurged and has nothing pending:
 * contact name, email and phone, the customer's email and phone, the requester's name, the
 * fødselsnummer and the free texts. The row is locked first (SKIP LOCKED), so another instance
 * purging it at the same moment makes this a no-op. True when this call purged it.
 */
export async function purgeRequestRow(tx: Executor, id: string, at: Date): Promise<boolean> {
  const [locked] = await tx
    .select({ id: requests.id })
    .from(requests)
    .where(and(eq(requests.id, id), isNull(requests.purgedAt), inArray(requests.status, CLOSED_STATUSES), nothingPending))
    .for('update', { skipLocked: true });
  if (!locked) return false;
  await tx
    .update(requests)
    .set({
      contactName: '',
      contactEmail: '',
      contactPhone: '',
      customerEmail: null,
      customerPhone: null,
      requesterName: null,
      loginFnr: null,
      openQuestion: null,
      lastAnswer: null,
      lastVendorReply: null,
      rejectionReason: null,
      // The vendor's one line of why after a 👎 is free text like the others.
      feedbackComment: null,
      purgedAt: at,
      updatedAt: sql`now()`,
    })
    .where(eq(requests.id, id));
  return true;
}

/**
 * Outbox payloads keep only their kind (vendor notes carry questions, reasons and the contact's
 * name); audit details lose any key that could be personal. Who did what, and when, stays.
 */
export async function scrubRequestHistory(tx: Executor, id: string): Promise<void> {
  await tx
    .update(outbox)
    .set({ payload: sql`case when ${outbox.payload} ? 'kind' then jsonb_build_object('kind', ${outbox.payload} -> 'kind') else '{}'::jsonb end` })
    .where(and(eq(outbox.requestId, id), sql`${outbox.payload} <> '{}'::jsonb`));
  await tx
    .update(requestEvents)
    .set({ details: sql`${requestEvents.details} - ${textArray(PERSONAL_DETAIL_KEYS)}` })
    .where(and(eq(requestEvents.requestId, id), sql`${requestEvents.details} ?| ${textArray(PERSONAL_DETAIL_KEYS)}`));
}

/** The request's posts of these effect kinds that Slack took (their ts), with their payload's kind. */
export async function deliveredPosts(tx: Executor, id: string, kinds: string[]): Promise<{ kind: string; payloadKind: string | null; ts: string }[]> {
  const rows = await tx
    .select({ kind: outbox.kind, payloadKind: sql<string | null>`${outbox.payload} ->> 'kind'`, ts: sql<string | null>`${outbox.result} ->> 'ts'` })
    .from(outbox)
    .where(and(eq(outbox.requestId, id), eq(outbox.status, 'done'), inArray(outbox.kind, kinds)));
  return rows.filter((r): r is { kind: string; payloadKind: string | null; ts: string } => !!r.ts);
}

export async function recordSystemEvent(
  tx: Executor,
  e: { requestId: string; kind: EventKind; actorUserId: string; at: Date; details: Record<string, unknown> },
): Promise<RequestEventRow> {
  const [row] = await tx.insert(requestEvents).values(e).returning();
  return row!;
}

/** Of these request ids, the ones whose personal data has been purged. */
export async function purgedRequestIds(db: Executor, ids: string[]): Promise<Set<string>> {
  const purged = new Set<string>();
  // In chunks: a mail directory can name more requests than one statement takes parameters.
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .select({ id: requests.id })
      .from(requests)
      .where(and(inArray(requests.id, ids.slice(i, i + 1000)), isNotNull(requests.purgedAt)));
    for (const r of rows) purged.add(r.id);
  }
  return purged;
}

/** Erases the request's fødselsnummer, keeping its kind; returns the kind, or undefined if there was none. */
export async function eraseLoginFnr(tx: Executor, id: string, at: Date): Promise<{ kind: string | null } | undefined> {
  const [row] = await tx
    .update(requests)
    .set({ loginFnr: null, loginFnrErasedAt: at, updatedAt: sql`now()` })
    .where(and(eq(requests.id, id), isNotNull(requests.loginFnr)))
    .returning({ kind: requests.loginFnrKind });
  return row;
}

/**
 * Files the app uploaded (outbox rows of `kinds` done at or before `cutoff` whose result lists them
 * under `fileIds`, or, for rows written before that list, names one under `contactsFileId`) that
 * have no deletion row yet (dedupe key `deleteKeyPrefix` + the id).
 */
export async function uploadedFilesToDelete(
  db: Executor,
  o: { kinds: string[]; cutoff: Date; deleteKeyPrefix: string },
): Promise<string[]> {
  const rows = await db
    .select({ result: outbox.result })
    .from(outbox)
    .where(and(inArray(outbox.kind, o.kinds), eq(outbox.status, 'done'), lte(outbox.doneAt, o.cutoff)));
  const fileIds = [...new Set(rows.flatMap((r) => uploadedFileIds(r.result)))];
  if (fileIds.length === 0) return [];
  const queued = await db
    .select({ key: outbox.dedupeKey })
    .from(outbox)
    .where(inArray(outbox.dedupeKey, fileIds.map((id) => `${o.deleteKeyPrefix}${id}`)));
  const queuedKeys = new Set(queued.map((q) => q.key));
  return fileIds.filter((id) => !queuedKeys.has(`${o.deleteKeyPrefix}${id}`));
}

function uploadedFileIds(result: unknown): string[] {
  if (typeof result !== 'object' || result === null) return [];
  const { fileIds, contactsFileId } = result as { fileIds?: unknown; contactsFileId?: unknown };
  const ids = Array.isArray(fileIds) ? fileIds : [contactsFileId];
  return ids.filter((id): id is string => typeof id === 'string');
}
