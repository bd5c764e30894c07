import { and, desc, eq, gte, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { homeViewers, outbox, requestEvents, requests } from '../schema.js';
import type { Status } from '../../domain/lifecycle.js';
import type { Locale } from '../../domain/texts/index.js';

/** A request as the queue, the Home tab and the reminders see it: no personal data. */
export interface QueueRow {
  id: string;
  number: number;
  status: string;
  accessType: string;
  vendorOrgName: string;
  assigneeUserId: string | null;
  requesterUserId: string;
  channelId: string;
  receiptTs: string | null;
  locale: string;
  createdAt: Date;
  triagePermalink: string | null;
  receiptPermalink: string | null;
  /** When it entered its current status (the latest event that changed the status). */
  statusSince: Date;
  /** The latest thing anyone did to it (denied attempts do not count). */
  lastActivityAt: Date;
  /** The latest question to the vendor, if any. */
  questionEventId: number | null;
  questionAt: Date | null;
}

/** Epoch milliseconds survive both drivers unchanged (a timestamp from raw SQL comes back as a string or a Date). */
const epochMs = (expr: ReturnType<typeof sql>) => sql<number | null>`(extract(epoch from ${expr}) * 1000)::float8`.mapWith(Number);

const eventsOf = sql`${requestEvents} e where e.request_id = ${requests.id}`;

const queueColumns = {
  id: requests.id,
  number: requests.number,
  status: requests.status,
  accessType: requests.accessType,
  vendorOrgName: requests.vendorOrgName,
  assigneeUserId: requests.assigneeUserId,
  requesterUserId: requests.requesterUserId,
  channelId: requests.channelId,
  receiptTs: requests.receiptTs,
  locale: requests.locale,
  createdAt: requests.createdAt,
  triagePermalink: requests.triagePermalink,
  receiptPermalink: requests.receiptPermalink,
  statusSinceMs: epochMs(sql`(select max(e.at) from ${eventsOf} and e.to_status is not null)`),
  lastActivityMs: epochMs(sql`(select max(e.at) from ${eventsOf} and e.kind <> 'denied')`),
  questionEventId: sql<number | null>`(select max(e.id) from ${eventsOf} and e.kind = 'needs_info')`.mapWith(Number),
  questionMs: epochMs(sql`(select e.at from ${eventsOf} and e.kind = 'needs_info' order by e.id desc limit 1)`),
};

type Selected = { [K in keyof typeof queueColumns]: unknown } & Record<string, unknown>;

function toQueueRow(r: Selected): QueueRow {
  const created = r.createdAt as Date;
  const ms = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? new Date(v) : null);
  return {
    id: r.id as string,
    number: r.number as number,
    status: r.status as string,
    accessType: r.accessType as string,
    vendorOrgName: r.vendorOrgName as string,
    assigneeUserId: r.assigneeUserId as string | null,
    requesterUserId: r.requesterUserId as string,
    channelId: r.channelId as string,
    receiptTs: r.receiptTs as string | null,
    locale: r.locale as string,
    createdAt: created,
    triagePermalink: r.triagePermalink as string | null,
    receiptPermalink: r.receiptPermalink as string | null,
    statusSince: ms(r.statusSinceMs) ?? created,
    lastActivityAt: ms(r.lastActivityMs) ?? created,
    questionEventId: r.questionEventId === null || Number.isNaN(r.questionEventId) ? null : (r.questionEventId as number),
    questionAt: ms(r.questionMs),
  };
}

/**
 * Every request in one of `statuses` (the open ones: a working queue, tens to a few hundred rows),
 * oldest first.
 */
export async function listQueue(db: Executor, statuses: readonly Status[]): Promise<QueueRow[]> {
  const rows = await db
    .select(queueColumns)
    .from(requests)
    .where(inArray(requests.status, [...statuses]))
    .orderBy(requests.number);
  return rows.map(toQueueRow);
}

/** Requests in one of `statuses` (the closed ones) changed since `since`, newest first. */
export async function listRecent(db: Executor, statuses: readonly Status[], since: Date, limit: number): Promise<{ rows: QueueRow[]; total: number }> {
  const where = and(inArray(requests.status, [...statuses]), gte(requests.updatedAt, since));
  const [rows, [count]] = await Promise.all([
    db.select(queueColumns).from(requests).where(where).orderBy(desc(requests.updatedAt)).limit(limit),
    db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(requests).where(where),
  ]);
  return { rows: rows.map(toQueueRow), total: count?.n ?? 0 };
}

/** One user's own requests, newest first. */
export async function listRequestedBy(db: Executor, userId: string, limit: number): Promise<{ rows: QueueRow[]; total: number }> {
  const where = eq(requests.requesterUserId, userId);
  const [rows, [count]] = await Promise.all([
    db.select(queueColumns).from(requests).where(where).orderBy(desc(requests.number)).limit(limit),
    db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(requests).where(where),
  ]);
  return { rows: rows.map(toQueueRow), total: count?.n ?? 0 };
}

export async function findQueueRow(db: Executor, requestId: string): Promise<QueueRow | undefined> {
  const [row] = await db.select(queueColumns).from(requests).where(eq(requests.id, requestId)).limit(1);
  return row ? toQueueRow(row) : undefined;
}

export interface HomeViewer {
  userId: string;
  isStaff: boolean;
  locale: Locale;
  openedAt: Date;
}

export async function upsertHomeViewer(db: Executor, v: HomeViewer): Promise<void> {
  await db
    .insert(homeViewers)
    .values(v)
    .onConflictDoUpdate({ target: homeViewers.userId, set: { isStaff: v.isStaff, locale: v.locale, openedAt: v.openedAt } });
}

export async function findHomeViewer(db: Executor, userId: string): Promise<HomeViewer | undefined> {
  const [row] = await db.select().from(homeViewers).where(eq(homeViewers.userId, userId)).limit(1);
  return row;
}

/** Whose open Home tab shows this request: staff who opened Home since `since`, and its requester if they ever did. */
export async function homeViewersOf(db: Executor, requestId: string, since: Date): Promise<string[]> {
  const rows = await db
    .select({ userId: homeViewers.userId })
    .from(homeViewers)
    .where(
      or(
        and(eq(homeViewers.isStaff, true), gte(homeViewers.openedAt, since)),
        sql`${homeViewers.userId} = (select requester_user_id from ${requests} where ${requests.id} = ${requestId})`,
      ),
    );
  return rows.map((r) => r.userId);
}

export interface DelayedItem {
  kind: string;
  requestId: string | null;
  payload: Record<string, unknown>;
  dedupeKey: string;
  /** Not delivered before this time. */
  notBefore: Date;
}

/** Outbox rows that wait until `notBefore`; the same key again is a no-op. */
export async function enqueueDelayed(db: Executor, items: DelayedItem[]): Promise<void> {
  if (items.length === 0) return;
  await db
    .insert(outbox)
    .values(items.map((i) => ({ kind: i.kind, requestId: i.requestId, payload: i.payload, dedupeKey: i.dedupeKey, nextAttemptAt: i.notBefore })))
    .onConflictDoNothing({ target: outbox.dedupeKey });
}
