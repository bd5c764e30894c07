import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { EventKind } from '../../domain/events.js';
import type { Status } from '../../domain/lifecycle.js';
import type { Executor } from '../client.js';
import { requestEvents, type RequestEventRow } from '../schema.js';

export interface NewEvent {
  requestId: string | null;
  kind: EventKind;
  actorUserId: string;
  actorTeamId?: string | null;
  fromStatus?: Status | null;
  toStatus?: Status | null;
  /** Never personal data. */
  details?: Record<string, unknown>;
}

export async function recordEvent(db: Executor, e: NewEvent): Promise<RequestEventRow> {
  const [row] = await db
    .insert(requestEvents)
    .values({
      requestId: e.requestId,
      kind: e.kind,
      actorUserId: e.actorUserId,
      actorTeamId: e.actorTeamId ?? null,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      details: e.details ?? {},
    })
    .returning();
  return row!;
}

export async function listEvents(db: Executor, requestId: string): Promise<RequestEventRow[]> {
  return listEventsOf(db, [requestId]);
}

/** The events of these requests, oldest first. */
export async function listEventsOf(db: Executor, requestIds: string[]): Promise<RequestEventRow[]> {
  if (requestIds.length === 0) return [];
  return db.select().from(requestEvents).where(inArray(requestEvents.requestId, requestIds)).orderBy(asc(requestEvents.id));
}

/** The `kind` event that the form submission `submission` (see TransitionCommand.submission) recorded on the request, if any. */
export async function findSubmissionEvent(db: Executor, requestId: string, kind: EventKind, submission: string): Promise<RequestEventRow | undefined> {
  const [row] = await db
    .select()
    .from(requestEvents)
    .where(and(eq(requestEvents.requestId, requestId), eq(requestEvents.kind, kind), sql`${requestEvents.details}->>'submission' = ${submission}`))
    .limit(1);
  return row;
}
