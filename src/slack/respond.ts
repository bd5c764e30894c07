import type { WebClient } from '@slack/web-api';
import { cardUpdate } from '../app/effects.js';
import { recordDenied } from '../app/staffSteps.js';
import { enqueue } from '../db/repositories/outbox.js';
import type { RequestRow } from '../db/schema.js';
import type { Status } from '../domain/lifecycle.js';
import { formatReference } from '../domain/reference.js';
import { texts, type Locale } from '../domain/texts/index.js';
import type { SlackDeps } from './deps.js';

export interface Clicker {
  userId: string;
  teamId?: string | null;
  channelId?: string;
}

/** Tells one user something privately where they clicked; never fails the listener. */
export async function tell(deps: SlackDeps, client: WebClient, who: Clicker, text: string): Promise<void> {
  if (!who.channelId) return;
  await client.chat.postEphemeral({ channel: who.channelId, user: who.userId, text }).catch((err: Error) => {
    deps.logger.warn({ err: err.message, user: who.userId }, 'could not post ephemeral message');
  });
}

/**
 * Staff buttons work only for staff, and only in the triage channel. Anyone else is told so and the
 * attempt is audited; nothing changes.
 */
export async function allowStaff(
  deps: SlackDeps,
  client: WebClient,
  who: Clicker,
  action: string,
  requestId: string | null,
  opts: { requireTriageChannel?: boolean } = {},
): Promise<boolean> {
  const isStaff = await deps.directory.isStaff(who.userId);
  const inTriage = who.channelId === deps.config.slack.triageChannelId;
  if (isStaff && (inTriage || opts.requireTriageChannel === false)) return true;
  await recordDenied(deps.ports, {
    requestId,
    actor: { userId: who.userId, teamId: who.teamId },
    action,
    reason: isStaff ? 'wrong_channel' : 'not_staff',
  });
  deps.logger.warn({ user: who.userId, team: who.teamId, action, requestId }, 'staff action denied');
  const locale = await deps.directory.locale(who.userId);
  await tell(deps, client, who, texts(locale).staff.notAllowed);
  return false;
}

/** A stale click: say so kindly and have the card re-rendered from the stored truth. */
export async function refreshAfterStale(
  deps: SlackDeps,
  client: WebClient,
  who: Clicker,
  request: Pick<RequestRow, 'id' | 'number' | 'status'>,
  locale: Locale,
): Promise<void> {
  const t = texts(locale);
  await enqueue(deps.ports.db, [cardUpdate(request.id, `refresh-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`)]);
  deps.ports.outboxNotify();
  await tell(deps, client, who, t.staff.stale(formatReference(request.number), t.status[request.status as Status]));
}
