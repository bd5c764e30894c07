import { asc, eq } from 'drizzle-orm';
import type { Status } from '../../domain/lifecycle.js';
import type { Executor } from '../client.js';
import { requestEvents, type RequestEventRow } from '../schema.js';

export interface NewEvent {
  requestId: string | null;
  kind: string;
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
  return db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId)).orderBy(asc(requestEvents.id));
}
