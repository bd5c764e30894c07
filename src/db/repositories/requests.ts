import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { OPEN_STATUSES, type Status } from '../../domain/lifecycle.js';
import type { Locale } from '../../domain/texts/index.js';
import type { Executor } from '../client.js';
import { requests, type NewRequestRow, type RequestRow } from '../schema.js';

export async function findRequestById(db: Executor, id: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.id, id)).limit(1);
  return row;
}

/** findRequestById that locks the row until the transaction ends: what is checked stays true. */
export async function findRequestForUpdate(tx: Executor, id: string): Promise<RequestRow | undefined> {
  const [row] = await tx.select().from(requests).where(eq(requests.id, id)).limit(1).for('update');
  return row;
}

/** The requests with these ids, in the same order (undefined where there is none). */
export async function findRequestsByIds(db: Executor, ids: string[]): Promise<(RequestRow | undefined)[]> {
  const rows = await db.select().from(requests).where(inArray(requests.id, [...new Set(ids)]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

export async function findRequestByNumber(db: Executor, number: number): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.number, number)).limit(1);
  return row;
}

/**
 * What a new submission must know, in one read: the request made from the same view (a repeat), and
 * the open requests for the same vendor and customer (or vendor and fictitious) in any channel: one in
 * the submitter's channel is a duplicate, the others name the new one on their cards.
 */
export async function findSubmissionConflicts(
  db: Executor,
  s: { submissionKey: string; vendorOrgNumber: string; customerOrgNumber: string | null },
): Promise<RequestRow[]> {
  return db
    .select()
    .from(requests)
    .where(
      or(
        eq(requests.submissionKey, s.submissionKey),
        and(
          eq(requests.vendorOrgNumber, s.vendorOrgNumber),
          sql`coalesce(${requests.customerOrgNumber}, '') = ${s.customerOrgNumber ?? ''}`,
          inArray(requests.status, [...OPEN_STATUSES]),
        ),
      ),
    )
    // The repeat first, whatever else matches.
    .orderBy(sql`${requests.submissionKey} = ${s.submissionKey} desc`)
    .limit(51);
}

export interface IntakePrefill {
  vendorOrgNumber: string;
  vendorOrgName: string;
  /** Only from the same user's own request: a colleague is not shown someone else's contact details. */
  contact: { name: string; email: string; phone: string } | null;
  /** The language of the user's own last request: the modal's first guess until Slack says (same rule as contact). */
  locale: Locale | null;
}

/** Each requester's latest request in a channel: what any user's pre-fill there is chosen from. */
export interface ChannelPrefillRow {
  requesterUserId: string;
  vendorOrgNumber: string;
  vendorOrgName: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  locale: Locale;
  createdAt: Date;
}

/**
 * The latest request of each requester in a channel, newest first (a channel holds one vendor's few
 * people; capped all the same): what any user's pre-fill there is chosen from (see pickIntakePrefill).
 */
export async function findChannelPrefillRows(db: Executor, channelId: string): Promise<ChannelPrefillRow[]> {
  const rows = await db
    .selectDistinctOn([requests.requesterUserId], {
      requesterUserId: requests.requesterUserId,
      vendorOrgNumber: requests.vendorOrgNumber,
      vendorOrgName: requests.vendorOrgName,
      contactName: requests.contactName,
      contactEmail: requests.contactEmail,
      contactPhone: requests.contactPhone,
      locale: requests.locale,
      createdAt: requests.createdAt,
    })
    .from(requests)
    .where(eq(requests.channelId, channelId))
    .orderBy(requests.requesterUserId, desc(requests.createdAt))
    .limit(500);
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * What to pre-fill the intake modal with: the user's own last request in the channel, else the
 * channel's last one (organisation only: a colleague is not shown someone else's contact details).
 */
export function pickIntakePrefill(rows: readonly ChannelPrefillRow[], userId: string): IntakePrefill | undefined {
  const row = rows.find((r) => r.requesterUserId === userId) ?? rows[0];
  if (!row) return undefined;
  const own = row.requesterUserId === userId;
  return {
    vendorOrgNumber: row.vendorOrgNumber,
    vendorOrgName: row.vendorOrgName,
    contact: own && !!row.contactEmail ? { name: row.contactName, email: row.contactEmail, phone: row.contactPhone } : null,
    locale: own ? row.locale : null,
  };
}

/**
 * The ids of the other open requests for the same vendor and customer (whose cards name this one as
 * an overlap), at most 50: a request that closes drops off their cards.
 */
export async function findOpenOverlapIdsOf(db: Executor, r: Pick<RequestRow, 'id' | 'vendorOrgNumber' | 'customerOrgNumber'>): Promise<string[]> {
  const rows = await db
    .select({ id: requests.id })
    .from(requests)
    .where(
      and(
        eq(requests.vendorOrgNumber, r.vendorOrgNumber),
        sql`coalesce(${requests.customerOrgNumber}, '') = ${r.customerOrgNumber ?? ''}`,
        sql`${requests.id} <> ${r.id}`,
        inArray(requests.status, [...OPEN_STATUSES]),
      ),
    )
    .limit(50);
  return rows.map((x) => x.id);
}

/**
 * For each of these requests, the other open requests for the same vendor and customer (or vendor
 * and fictitious; they are in other channels), at most 5 each, by number, for staff to see on the
 * card: one statement for them all, which needs only the ids (so it runs alongside the read of the
 * requests themselves).
 */
export async function findOpenOverlapsOf(db: Executor, ids: string[]): Promise<Map<string, Pick<RequestRow, 'number' | 'channelId' | 'platform'>[]>> {
  const out = new Map<string, Pick<RequestRow, 'number' | 'channelId' | 'platform'>[]>();
  if (ids.length === 0) return out;
  const of = alias(requests, 'of');
  const rows = await db
    .select({ of: of.id, number: requests.number, channelId: requests.channelId, platform: requests.platform })
    .from(requests)
    .innerJoin(
      of,
      and(
        inArray(of.id, [...new Set(ids)]),
        eq(requests.vendorOrgNumber, of.vendorOrgNumber),
        sql`coalesce(${requests.customerOrgNumber}, '') = coalesce(${of.customerOrgNumber}, '')`,
        sql`${requests.id} <> ${of.id}`,
      ),
    )
    // Qualified: OPEN_STATUSES_SQL's bare `status` would be ambiguous in this self-join.
    .where(inArray(requests.status, [...OPEN_STATUSES]))
    .orderBy(requests.number);
  for (const r of rows) {
    const list = out.get(r.of) ?? [];
    if (list.length < 5) list.push({ number: r.number, channelId: r.channelId, platform: r.platform });
    out.set(r.of, list);
  }
  return out;
}

/**
 * Applies `changes` only if the request is still in `expected.status` (and, when given, still with
 * `expected.assigneeUserId`): the conditional update that makes concurrent clicks move a request
 * once. Returns the updated row, or undefined if it had moved.
 */
export async function updateRequestIf(
  db: Executor,
  id: string,
  expected: { status: Status; assigneeUserId?: string | null },
  changes: Partial<NewRequestRow>,
): Promise<RequestRow | undefined> {
  const assignee = expected.assigneeUserId;
  const [row] = await db
    .update(requests)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(
      and(
        eq(requests.id, id),
        eq(requests.status, expected.status),
        assignee === undefined ? undefined : assignee === null ? isNull(requests.assigneeUserId) : eq(requests.assigneeUserId, assignee),
      ),
    )
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

/**
 * Stores a new request; the database gives it the next reference number (see schema.ts). A unique
 * key that refuses it (the same view again, an open request for the same pair in the channel) throws:
 * the caller's transaction rolls back, number included.
 */
export async function insertRequest(db: Executor, row: NewRequestRow): Promise<RequestRow> {
  const [stored] = await db.insert(requests).values(row).returning();
  return stored!;
}

/** Where a message the app posted landed: its timestamp and permalink. */
export interface Landed {
  id: string;
  ts: string;
  permalink: string | null;
}

/** Records where the receipt landed; returns the card's timestamp as it stands (null: not posted yet). */
export async function recordReceiptLanded(db: Executor, landed: Landed): Promise<{ triageTs: string | null } | undefined> {
  const [row] = await db
    .update(requests)
    .set({ receiptTs: landed.ts, receiptPermalink: landed.permalink, updatedAt: sql`now()` })
    .where(eq(requests.id, landed.id))
    .returning({ triageTs: requests.triageTs });
  return row;
}

/** Records where the triage card landed; returns the receipt's permalink as it stands. */
export async function recordCardLanded(
  db: Executor,
  landed: Landed & { channelId: string },
): Promise<{ receiptPermalink: string | null } | undefined> {
  const [row] = await db
    .update(requests)
    .set({ triageTs: landed.ts, triageChannelId: landed.channelId, triagePermalink: landed.permalink, updatedAt: sql`now()` })
    .where(eq(requests.id, landed.id))
    .returning({ receiptPermalink: requests.receiptPermalink });
  return row;
}
