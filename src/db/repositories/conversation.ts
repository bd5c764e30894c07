import { and, asc, desc, eq, ilike, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { OPEN_STATUSES } from '../../domain/lifecycle.js';
import type { Executor } from '../client.js';
import { requests, type RequestRow } from '../schema.js';

/** The request whose receipt starts this thread in this vendor channel, if any. */
export async function findRequestByThread(db: Executor, channelId: string, threadTs: string): Promise<RequestRow | undefined> {
  const [row] = await db
    .select()
    .from(requests)
    .where(and(eq(requests.channelId, channelId), eq(requests.receiptTs, threadTs)))
    .limit(1);
  return row;
}

/** The open requests one person filed in a conversation whose receipt is posted, oldest first (at most 20). */
export async function openRequestsFiledBy(db: Executor, channelId: string, requesterUserId: string): Promise<Pick<RequestRow, 'id' | 'number' | 'receiptTs'>[]> {
  return db
    .select({ id: requests.id, number: requests.number, receiptTs: requests.receiptTs })
    .from(requests)
    .where(and(eq(requests.channelId, channelId), eq(requests.requesterUserId, requesterUserId), inArray(requests.status, [...OPEN_STATUSES]), isNotNull(requests.receiptTs)))
    .orderBy(asc(requests.number))
    .limit(20);
}

export interface RequestSearch {
  number?: number;
  orgNumber?: string;
  /** Case-insensitive "contains" on the vendor's and the customer's names. */
  name?: string;
}

export type FoundRequest = Pick<RequestRow, 'id' | 'number' | 'status' | 'accessType' | 'vendorOrgName' | 'customerOrgName' | 'triagePermalink'>;

/** Requests matching any of the criteria, newest first, at most `limit`; `total` counts them all. */
export async function searchRequests(db: Executor, q: RequestSearch, limit: number): Promise<{ rows: FoundRequest[]; total: number }> {
  const conditions: SQL[] = [];
  if (q.number !== undefined) conditions.push(eq(requests.number, q.number));
  if (q.orgNumber) {
    conditions.push(
      eq(requests.vendorOrgNumber, q.orgNumber),
      eq(requests.customerOrgNumber, q.orgNumber),
      eq(requests.fictitiousOrgNumber, q.orgNumber),
    );
  }
  if (q.name) {
    // LIKE's own wildcards in the query are taken literally.
    const pattern = `%${q.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(ilike(requests.vendorOrgName, pattern), ilike(requests.customerOrgName, pattern));
  }
  if (conditions.length === 0) return { rows: [], total: 0 };
  const where = or(...conditions);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: requests.id,
        number: requests.number,
        status: requests.status,
        accessType: requests.accessType,
        vendorOrgName: requests.vendorOrgName,
        customerOrgName: requests.customerOrgName,
        triagePermalink: requests.triagePermalink,
      })
      .from(requests)
      .where(where)
      .orderBy(desc(requests.number))
      .limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(requests).where(where),
  ]);
  return { rows, total: Number(count?.n ?? rows.length) };
}
