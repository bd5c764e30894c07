import { markEventSeen } from '../db/repositories/seenEvents.js';
import { findIntakePrefill, findRequestById, type IntakePrefill } from '../db/repositories/requests.js';
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

function noteChannelWithRequests(channelId: string): void {
  if (channelsWithRequests.size >= CHANNELS_MAX) channelsWithRequests.clear();
  channelsWithRequests.add(channelId);
}

/** True when a pre-fill is expected in the channel (see channelsWithRequests). */
export function prefillLikely(channelId: string): boolean {
  return channelsWithRequests.has(channelId);
}

/** Called when a request is stored, so the next modal in its channel opens pre-filled. */
export function requestStoredIn(channelId: string): void {
  noteChannelWithRequests(channelId);
}

/** What the intake modal is pre-filled with in a channel, for a user (see findIntakePrefill). */
export async function intakePrefill(ports: Pick<Ports, 'db'>, channelId: string, userId: string): Promise<IntakePrefill | undefined> {
  const prefill = await findIntakePrefill(ports.db, channelId, userId);
  if (prefill) noteChannelWithRequests(channelId);
  return prefill;
}

/** Slack retries events: true the first time an event id is seen, false for a retry to skip. */
export function firstSightingOfEvent(ports: Pick<Ports, 'db'>, eventId: string): Promise<boolean> {
  return markEventSeen(ports.db, eventId);
}
