import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { OPEN_STATUSES_SQL, requests, type NewRequestRow, type RequestRow } from '../schema.js';

export async function findRequestById(db: Executor, id: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.id, id)).limit(1);
  return row;
}

export async function findRequestByNumber(db: Executor, number: number): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.number, number)).limit(1);
  return row;
}

export async function findRequestBySubmissionKey(db: Executor, key: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.submissionKey, key)).limit(1);
  return row;
}

/** The open request for the same vendor and customer (or vendor and fictitious), if any. */
export async function findOpenDuplicate(
  db: Executor,
  vendorOrgNumber: string,
  customerOrgNumber: string | null,
): Promise<RequestRow | undefined> {
  const [row] = await db
    .select()
    .from(requests)
    .where(
      and(
        eq(requests.vendorOrgNumber, vendorOrgNumber),
        sql`coalesce(${requests.customerOrgNumber}, '') = ${customerOrgNumber ?? ''}`,
        OPEN_STATUSES_SQL,
      ),
    )
    .limit(1);
  return row;
}

export async function insertRequest(db: Executor, row: NewRequestRow): Promise<RequestRow> {
  const [inserted] = await db.insert(requests).values(row).returning();
  return inserted!;
}

/**
 * Applies `changes` only if the request is still in `expectedStatus`: the conditional update that
 * makes concurrent clicks move a request once. Returns the updated row, or undefined if it had moved.
 */
export async function updateRequestIfStatus(
  db: Executor,
  id: string,
  expectedStatus: string,
  changes: Partial<NewRequestRow>,
): Promise<RequestRow | undefined> {
  const [row] = await db
    .update(requests)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(requests.id, id), eq(requests.status, expectedStatus)))
    .returning();
  return row;
}

/** Updates fields that are not part of the lifecycle (Slack message timestamps, register data). */
export async function updateRequest(
  db: Executor,
  id: string,
  changes: Partial<NewRequestRow>,
): Promise<RequestRow | undefined> {
  const [row] = await db
    .update(requests)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(requests.id, id))
    .returning();
  return row;
}
