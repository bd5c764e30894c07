import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { requestEvents, requests, type RequestRow } from '../schema.js';
import type { Status } from '../../domain/lifecycle.js';

export type AwaitingRow = Pick<
  RequestRow,
  'id' | 'number' | 'status' | 'accessType' | 'vendorOrgNumber' | 'vendorOrgName' | 'customerOrgNumber' | 'customerOrgName' | 'fictitiousOrgNumber' | 'createdAt'
> & { sentToAltinnAt: Date | null };

const columns = {
  id: requests.id,
  number: requests.number,
  status: requests.status,
  accessType: requests.accessType,
  vendorOrgNumber: requests.vendorOrgNumber,
  vendorOrgName: requests.vendorOrgName,
  customerOrgNumber: requests.customerOrgNumber,
  customerOrgName: requests.customerOrgName,
  fictitiousOrgNumber: requests.fictitiousOrgNumber,
  createdAt: requests.createdAt,
  // The latest "sent to Altinn" mark, if any.
  sentToAltinnAt: sql<Date | string | null>`(select max(e.at) from request_events e where e.request_id = "requests"."id" and e.kind = 'sent_to_altinn')`,
};

const toRow = (r: Omit<AwaitingRow, 'sentToAltinnAt'> & { sentToAltinnAt: Date | string | null }): AwaitingRow => ({
  ...r,
  sentToAltinnAt: r.sentToAltinnAt === null ? null : new Date(r.sentToAltinnAt),
});

/** Requests in the given statuses (those the Altinn step can be taken from), oldest first. */
export async function listInStatuses(db: Executor, statuses: readonly Status[], limit: number): Promise<AwaitingRow[]> {
  const rows = await db.select(columns).from(requests).where(inArray(requests.status, [...statuses])).orderBy(asc(requests.number)).limit(limit);
  return rows.map(toRow);
}

export async function listByIds(db: Executor, ids: readonly string[]): Promise<AwaitingRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.select(columns).from(requests).where(inArray(requests.id, [...ids])).orderBy(asc(requests.number));
  return rows.map(toRow);
}

/** The requests a batch marked "sent to Altinn" (the batch id is in the events' details). */
export async function requestIdsOfBatch(db: Executor, batchId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ requestId: requestEvents.requestId })
    .from(requestEvents)
    .where(and(eq(requestEvents.kind, 'sent_to_altinn'), sql`${requestEvents.details}->>'batch' = ${batchId}`));
  return rows.flatMap((r) => (r.requestId ? [r.requestId] : []));
}

export async function lastBatchEvent(db: Executor, batchId: string) {
  const [row] = await db
    .select({ actorUserId: requestEvents.actorUserId, at: requestEvents.at })
    .from(requestEvents)
    .where(and(eq(requestEvents.kind, 'sent_to_altinn'), sql`${requestEvents.details}->>'batch' = ${batchId}`))
    .orderBy(desc(requestEvents.id))
    .limit(1);
  return row;
}
