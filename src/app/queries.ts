import { markEventSeen } from '../db/repositories/seenEvents.js';
import { findChannelPrefillRows, findRequestById, pickIntakePrefill, type ChannelPrefillRow, type IntakePrefill } from '../db/repositories/requests.js';
import type { RequestRow } from '../db/schema.js';
import type { Ports } from './ports.js';

/** What listeners read: through app/, so that adapters never reach the database themselves. */

export type { IntakePrefill };

export function findRequest(ports: Pick<Ports, 'db'>, id: string): Promise<RequestRow | undefined> {
  return findRequestById(ports.db, id);
}

/**
 * Channels this process has seen a request in (stored here, or found by a pre-fill read). Only a hint
 * for whether opening the modal should wait for its pre-fill: a channel missing here (new, or filled
 * by another instance) still gets its pre-fill, by an update right after the open. Bounded; a stale
 * entry costs one short wait.
 */
const channelsWithRequests = new Set<string>();
const CHANNELS_MAX = 10_000;

function rememberChannel(channelId: string): void {
  if (channelsWithRequests.size >= CHANNELS_MAX) channelsWithRequests.clear();
  channelsWithRequests.add(channelId);
}

/** True when a pre-fill is expected in the channel (see channelsWithRequests). */
export function prefillLikely(channelId: string): boolean {
  return channelsWithRequests.has(channelId);
}

/**
 * A channel's pre-fill rows, read once for everyone opening the modal there at about the same time.
 * Measured (npm run bench, issue 12): one read per open was ~40 % of the app's CPU per modal open and
 * held modal-open throughput well under bare Bolt's. A second is short enough that another instance's
 * new request (or a purge) shows on the next open but one; this instance's own requests drop the entry.
 */
const PREFILL_FRESH_MS = 1000;
type ChannelReads = Map<string, { rows: Promise<ChannelPrefillRow[]>; until: number }>;
/** Per database, so that two apps in one process (tests) never share rows. */
const readsByDb = new WeakMap<object, ChannelReads>();
function channelReadsOf(ports: Pick<Ports, 'db'>): ChannelReads {
  let reads = readsByDb.get(ports.db);
  if (!reads) readsByDb.set(ports.db, (reads = new Map()));
  return reads;
}

/** Called when a request is stored: the next modal in its channel waits for, and shows, its pre-fill. */
export function requestStoredIn(ports: Pick<Ports, 'db'>, channelId: string): void {
  channelReadsOf(ports).delete(channelId);
  rememberChannel(channelId);
}

/** What the intake modal is pre-filled with in a channel, for a user (see pickIntakePrefill). */
export async function intakePrefill(ports: Pick<Ports, 'db'>, channelId: string, userId: string, now = Date.now()): Promise<IntakePrefill | undefined> {
  const channelReads = channelReadsOf(ports);
  let read = channelReads.get(channelId);
  if (!read || read.until <= now) {
    if (channelReads.size >= CHANNELS_MAX) channelReads.clear();
    const rows = findChannelPrefillRows(ports.db, channelId);
    read = { rows, until: now + PREFILL_FRESH_MS };
    channelReads.set(channelId, read);
    // A failed read is not kept: the next open asks again.
    rows.catch(() => channelReads.get(channelId) === read && channelReads.delete(channelId));
  }
  const rows = await read.rows;
  if (rows.length > 0) rememberChannel(channelId);
  return pickIntakePrefill(rows, userId);
}

/** Slack retries events: true the first time an event id is seen, false for a retry to skip. */
export function firstSightingOfEvent(ports: Pick<Ports, 'db'>, eventId: string): Promise<boolean> {
  return markEventSeen(ports.db, eventId);
}
