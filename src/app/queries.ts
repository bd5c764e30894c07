import { markEventSeen } from '../db/repositories/seenEvents.js';
import { findChannelPrefillRows, findRequestById, pickIntakePrefill, type IntakePrefill } from '../db/repositories/requests.js';
import type { RequestRow } from '../db/schema.js';
import { loadCard, type CardData } from './loadCard.js';
import type { Ports } from './ports.js';

/** What listeners read: through app/, so that adapters never reach the database themselves. */

export type { IntakePrefill };

export function findRequest(ports: Pick<Ports, 'db'>, id: string): Promise<RequestRow | undefined> {
  return findRequestById(ports.db, id);
}

/** What the intake modal is pre-filled with in a channel, for a user (see pickIntakePrefill). */
export async function intakePrefill(ports: Pick<Ports, 'db'>, channelId: string, userId: string): Promise<IntakePrefill | undefined> {
  return pickIntakePrefill(await findChannelPrefillRows(ports.db, channelId), userId);
}

/** Slack retries events: true the first time an event id is seen, false for a retry to skip. */
export function firstSightingOfEvent(ports: Pick<Ports, 'db'>, eventId: string): Promise<boolean> {
  return markEventSeen(ports.db, eventId);
}

/** Everything a request's triage card shows, as the outbox renders it (an invoke answers with the card). */
export function requestCard(ports: Pick<Ports, 'db'>, id: string): Promise<CardData | undefined> {
  return loadCard(ports.db, id);
}
