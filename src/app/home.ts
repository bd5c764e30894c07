import type { Db, Executor } from '../db/client.js';
import {
  enqueueDelayed,
  findHomeViewer,
  homeViewersOf,
  listQueue,
  listRecent,
  listRequestedBy,
  markHomeViewerNotStaff,
  upsertHomeViewer,
  type QueueRow,
} from '../db/repositories/home.js';
import type { AccessType } from '../domain/intake.js';
import { CLOSED_STATUSES, OPEN_STATUSES, waitingFor, type Status } from '../domain/lifecycle.js';
import type { Locale } from '../domain/texts/index.js';
import { workingDaysBetween } from '../domain/workingDays.js';
import type { OutboxHandler } from './outbox/worker.js';
import { effect } from './effects.js';
import type { Ports } from './ports.js';
import { EFFECT_HOME_PUBLISH } from './reminderEffects.js';

/** One request on a Home tab: what staff and requesters see of it (no personal data). */
export interface HomeRow {
  id: string;
  number: number;
  vendorOrgName: string;
  accessType: AccessType;
  status: Status;
  /** Working days since it was filed (Norwegian working days, Oslo). */
  ageDays: number;
  assigneeUserId: string | null;
  /** The triage card (staff) or the receipt in the vendor's channel (requester), when known. */
  link: string | null;
}

export const HOME_SECTIONS = ['mine', 'unassigned', 'waiting_vendor', 'waiting_altinn', 'waiting_fnr', 'recently_closed'] as const;
export type HomeSection = (typeof HOME_SECTIONS)[number];

export interface HomeList {
  rows: HomeRow[];
  /** All that belong in the list; the view shows the first few and says "and N more". */
  total: number;
}

export type HomeData =
  | { kind: 'staff'; userId: string; sections: Record<HomeSection, HomeList> }
  /** Vendors and colleagues: their own requests; `intakeChannelId` is where their last one was filed. */
  | { kind: 'requester'; userId: string; requests: HomeList; intakeChannelId: string | null };

/** Rows kept per list: a Home tab holds at most 100 blocks (see slack/views/home.ts). */
export const HOME_ROWS_PER_SECTION = 12;
const REQUESTER_ROWS = 40;
/** "Recently closed": within the last week. */
const RECENT_MS = 7 * 24 * 3600_000;
/** Staff who opened Home within this time get their tab republished on every change. */
const VIEWER_WINDOW_MS = 7 * 24 * 3600_000;

function toHomeRow(r: QueueRow, now: Date, link: 'card' | 'receipt'): HomeRow {
  return {
    id: r.id,
    number: r.number,
    vendorOrgName: r.vendorOrgName,
    accessType: r.accessType,
    status: r.status,
    ageDays: workingDaysBetween(r.createdAt, now),
    assigneeUserId: r.assigneeUserId,
    link: link === 'card' ? r.triagePermalink : r.receiptPermalink,
  };
}

const list = (rows: HomeRow[], total = rows.length): HomeList => ({ rows: rows.slice(0, HOME_ROWS_PER_SECTION), total });

/** Everything one user's Home tab shows, in one read: the queue for staff, their own requests for anyone else. */
export async function loadHome(db: Executor, viewer: { userId: string; isStaff: boolean }, now: Date): Promise<HomeData> {
  if (!viewer.isStaff) {
    const own = await listRequestedBy(db, viewer.userId, REQUESTER_ROWS);
    return {
      kind: 'requester',
      userId: viewer.userId,
      requests: { rows: own.rows.map((r) => toHomeRow(r, now, 'receipt')), total: own.total },
      intakeChannelId: own.rows[0]?.channelId ?? null,
    };
  }
  const [open, closed] = await Promise.all([
    listQueue(db, OPEN_STATUSES),
    listRecent(db, CLOSED_STATUSES, new Date(now.getTime() - RECENT_MS), HOME_ROWS_PER_SECTION),
  ]);
  const rows = open.map((r) => toHomeRow(r, now, 'card'));
  const waiting = (w: ReturnType<typeof waitingFor>) => rows.filter((r) => waitingFor(r.status) === w);
  return {
    kind: 'staff',
    userId: viewer.userId,
    sections: {
      mine: list(rows.filter((r) => r.assigneeUserId === viewer.userId)),
      unassigned: list(rows.filter((r) => !r.assigneeUserId)),
      waiting_vendor: list(waiting('vendor')),
      waiting_altinn: list(waiting('altinn')),
      waiting_fnr: list(waiting('fnr')),
      recently_closed: { rows: closed.rows.map((r) => toHomeRow(r, now, 'card')), total: closed.total },
    },
  };
}

/** A user opened the Home tab: remember them (their tab is kept current from now on) and read what it shows. */
export async function openHome(
  { db }: Pick<Ports, 'db'>,
  viewer: { userId: string; isStaff: boolean; locale: Locale },
  now: Date,
): Promise<HomeData> {
  await upsertHomeViewer(db, { ...viewer, openedAt: now });
  return loadHome(db, viewer, now);
}

/** Is this user staff right now: 'unavailable' when that cannot be known (the user group did not answer). */
export type StaffCheck = (userId: string) => Promise<'staff' | 'not_staff' | 'unavailable'>;

/**
 * What to publish on a viewer's Home tab now; undefined if they never opened it. The staff flag saved
 * when they opened it is not trusted: staff are checked again before the queue is published, and
 * someone no longer staff gets the requester's view (and is no longer kept current as staff). When
 * the check cannot be made, nothing is published: the outbox tries again later.
 */
export async function homeForViewer({ db }: Pick<Ports, 'db'>, userId: string, now: Date, staffCheck: StaffCheck): Promise<{ locale: Locale; data: HomeData } | undefined> {
  const viewer = await findHomeViewer(db, userId);
  if (!viewer) return undefined;
  let isStaff = viewer.isStaff;
  if (isStaff) {
    const verdict = await staffCheck(userId);
    if (verdict === 'unavailable') throw new Error('the staff check failed: the Home tab is published later');
    if (verdict === 'not_staff') {
      isStaff = false;
      await markHomeViewerNotStaff(db, userId);
    }
  }
  return { locale: viewer.locale === 'en' ? 'en' : 'nb', data: await loadHome(db, { userId, isStaff }, now) };
}

/**
 * Queues a republish of the Home tabs that show this request, debounced: one outbox row per user
 * and time bucket (`home:<user>:<bucket>`), delivered at the bucket's end. Changes within the bucket
 * find the row already queued; it reads the state when it is delivered, so it shows all of them.
 */
export async function queueHomeRefresh(db: Executor, requestId: string, debounceMs: number, now: Date): Promise<void> {
  const users = await homeViewersOf(db, requestId, new Date(now.getTime() - VIEWER_WINDOW_MS));
  // The bucket is in real time, not the app's clock: the outbox compares `notBefore` with the database's.
  const bucket = Math.floor(Date.now() / debounceMs);
  await enqueueDelayed(
    db,
    users.map((userId) => ({
      ...effect(EFFECT_HOME_PUBLISH, null, `home:${userId}:${bucket}`, { userId }),
      notBefore: new Date((bucket + 1) * debounceMs),
    })),
  );
}

/** The language a user's Home tab was last opened in (bokmål if never): for the app's direct messages to them. */
export async function viewerLocale({ db }: Pick<Ports, 'db'>, userId: string): Promise<Locale> {
  const viewer = await findHomeViewer(db, userId);
  return viewer?.locale === 'en' ? 'en' : 'nb';
}

/**
 * Wraps the handlers of the effects every change to a request causes (its card's post and updates,
 * each enqueued in the change's own transaction) so that delivering one also queues the Home
 * refresh of the users who see the request. Queued alongside the Slack call (it adds no wait for
 * staff), before the row is marked done, and idempotent: a crash in between loses nothing, the card
 * row is retried and queues it again.
 */
export function refreshHomesOn(
  handlers: Record<string, OutboxHandler>,
  kinds: string[],
  o: { db: Db; debounceMs: number; now: () => Date },
): Record<string, OutboxHandler> {
  const out = { ...handlers };
  for (const kind of kinds) {
    const inner = handlers[kind];
    if (!inner) continue;
    out[kind] = async (row) => {
      // Side by side with the post: the row is marked done only once both are, so a crash or a
      // failure of either retries the row, and the refresh is queued again (idempotent).
      const [, result] = await Promise.all([row.requestId ? queueHomeRefresh(o.db, row.requestId, o.debounceMs, o.now()) : undefined, inner(row)]);
      return result;
    };
  }
  return out;
}

/**
 * The staff queue for platforms without a Home tab (Teams: the `queue` command in the personal chat):
 * the same sections, read the same way. The caller has checked that the user is staff.
 */
export async function staffQueue({ db }: Pick<Ports, 'db'>, userId: string, now: Date): Promise<Extract<HomeData, { kind: 'staff' }>> {
  const data = await loadHome(db, { userId, isStaff: true }, now);
  if (data.kind !== 'staff') throw new Error('loadHome answered a requester view for staff');
  return data;
}
