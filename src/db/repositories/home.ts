import { and, desc, eq, gte, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { homeViewers, outbox, requestEvents, requests } from '../schema.js';
import type { AccessType } from '../../domain/intake.js';
import type { Status } from '../../domain/lifecycle.js';
import type { Locale } from '../../domain/texts/index.js';

/** A request as the queue, the Home tab and the reminders see it: no personal data. */
export interface QueueRow {
  id: string;
  number: number;
  status: Status;
  accessType: AccessType;
  vendorOrgName: string;
  assigneeUserId: string | null;
  requesterUserId: string;
  channelId: string;
  receiptTs: string | null;
  locale: Locale;
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
const epochMs = (expr: ReturnType<typeof sql>) => sql`(extract(epoch from ${expr}) * 1000)::float8`.mapWith(numberOrNull);

/**
 * A number from raw SQL (postgres.js gives bigint and float8 as strings, PGlite as numbers). Drizzle
 * passes SQL null through without calling this, so the column's type says null too.
 */
function numberOrNull(v: unknown): number | null {
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

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
  questionEventId: sql`(select max(e.id) from ${eventsOf} and e.kind = 'needs_info')`.mapWith(numberOrNull),
  questionMs: epochMs(sql`(select e.at from ${eventsOf} and e.kind = 'needs_info' order by e.id desc limit 1)`),
};

/** The select's own row type: drizzle types each column, and the subqueries by what their decoder returns. */
const selectQueue = (db: Executor) => db.select(queueColumns).from(requests);
type Selected = Awaited<ReturnType<typeof selectQueue>>[number];

function toQueueRow(r: Selected): QueueRow {
  const { statusSinceMs, lastActivityMs, questionEventId, questionMs, ...columns } = r;
  const ms = (v: number | null) => (v === null ? null : new Date(v));
  return {
    ...columns,
    statusSince: ms(statusSinceMs) ?? r.createdAt,
    lastActivityAt: ms(lastActivityMs) ?? r.createdAt,
    questionEventId,
    questionAt: ms(questionMs),
  };
}

/**
 * Every request in one of `statuses` (the open ones: a working queue, tens to a few hundred rows),
 * oldest first.
 */
export async function listQueue(db: Executor, statuses: readonly Status[]): Promise<QueueRow[]> {
  const rows = await selectQueue(db).where(inArray(requests.status, [...statuses])).orderBy(requests.number);
  return rows.map(toQueueRow);
}

/** Requests in one of `statuses` (the closed ones) changed since `since`, newest first. */
export async function listRecent(db: Executor, statuses: readonly Status[], since: Date, limit: number): Promise<{ rows: QueueRow[]; total: number }> {
  const where = and(inArray(requests.status, [...statuses]), gte(requests.updatedAt, since));
  const [rows, [count]] = await Promise.all([
    selectQueue(db).where(where).orderBy(desc(requests.updatedAt)).limit(limit),
    db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(requests).where(where),
  ]);
  return { rows: rows.map(toQueueRow), total: count?.n ?? 0 };
}

/** One user's own requests, newest first. */
export async function listRequestedBy(db: Executor, userId: string, limit: number): Promise<{ rows: QueueRow[]; total: number }> {
  const where = eq(requests.requesterUserId, userId);
  const [rows, [count]] = await Promise.all([
    selectQueue(db).where(where).orderBy(desc(requests.number)).limit(limit),
    db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(requests).where(where),
  ]);
  return { rows: rows.map(toQueueRow), total: count?.n ?? 0 };
}

export async function findQueueRow(db: Executor, requestId: string): Promise<QueueRow | undefined> {
  const [row] = await selectQueue(db).where(eq(requests.id, requestId)).limit(1);
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

/** No longer staff: their Home tab is no longer kept current with every request's changes. */
export async function markHomeViewerNotStaff(db: Executor, userId: string): Promise<void> {
  await db.update(homeViewers).set({ isStaff: false }).where(eq(homeViewers.userId, userId));
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
    .leftJoin(requests, and(eq(requests.requesterUserId, homeViewers.userId), eq(requests.id, requestId)))
    .where(or(and(eq(homeViewers.isStaff, true), gte(homeViewers.openedAt, since)), isNotNull(requests.id)));
  return [...new Set(rows.map((r) => r.userId))];
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
