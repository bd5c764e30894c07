import type { WebClient } from '@slack/web-api';
import { recordDenied, type DeniedReason } from '../app/staffSteps.js';
import { refreshCard } from '../app/refreshCard.js';
import type { RequestRow } from '../app/rows.js';
import { formatReference } from '../domain/reference.js';
import { texts, type Locale } from '../domain/texts/index.js';
import type { SlackDeps } from './deps.js';

export interface Clicker {
  userId: string;
  teamId?: string | null;
  channelId?: string;
  /** The thread the clicked message is a reply in: the answer goes there, beside the button. */
  threadTs?: string;
}

/** The thread a clicked message is a reply in (none for a top-level message or a thread's parent). */
export function threadOf(message: { ts?: string; thread_ts?: string } | undefined): string | undefined {
  return message?.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : undefined;
}

/** Tells one user something privately where they clicked; never fails the listener. */
export async function tell(deps: SlackDeps, client: WebClient, who: Clicker, text: string): Promise<void> {
  if (!who.channelId) return;
  const thread = who.threadTs ? { thread_ts: who.threadTs } : {};
  await client.chat.postEphemeral({ channel: who.channelId, user: who.userId, text, ...thread }).catch((err: Error) => {
    deps.logger.warn({ err: err.message, user: who.userId }, 'could not post ephemeral message');
  });
}

/**
 * Audits a refused attempt (a `denied` event; without a request when none is named) and logs it.
 * Never fails the listener: the user is told either way.
 */
export async function auditRefusal(
  deps: SlackDeps,
  who: Clicker,
  action: string,
  requestId: string | null,
  reason: DeniedReason,
): Promise<void> {
  deps.logger.warn({ user: who.userId, team: who.teamId, action, requestId, reason }, 'action refused');
  await recordDenied(deps.ports, {
    requestId,
    actor: { userId: who.userId, teamId: who.teamId },
    action,
    reason,
    channelId: who.channelId,
  }).catch((err: Error) => deps.logger.error({ err: err.message, action }, 'could not audit a refused action'));
}

/** Triage is in Teams (TEAMS_TRIAGE_CONVERSATION_ID): Slack serves the vendors, and staff are pointed to Teams. */
export const triageInTeams = (deps: SlackDeps) => deps.config.triage?.platform === 'teams';

/**
 * Staff buttons work only for staff, and only in the triage channel. Anyone else is told so and the
 * attempt is audited; nothing changes. A staff check that could not be made refuses too, and says so.
 */
export async function allowStaff(
  deps: SlackDeps,
  client: WebClient,
  who: Clicker,
  action: string,
  requestId: string | null,
): Promise<boolean> {
  const verdict = await deps.directory.staffVerdict(who.userId);
  const inTriage = who.channelId !== undefined && who.channelId === deps.config.slack.triageChannelId;
  if (verdict === 'staff' && inTriage) return true;
  const reason = verdict === 'unavailable' ? 'staff_check_failed' : verdict === 'staff' ? 'wrong_channel' : 'not_staff';
  await auditRefusal(deps, who, action, requestId, reason);
  const t = texts(await deps.directory.locale(who.userId));
  const answer = reason === 'staff_check_failed' ? t.refusals.staffCheckFailed : reason === 'wrong_channel' && triageInTeams(deps) ? t.staff.triageInTeams : t.staff.notAllowed;
  await tell(deps, client, who, answer);
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
  await refreshCard(deps.ports, request.id);
  await tell(deps, client, who, t.staff.stale(formatReference(request.number), t.status[request.status]));
}
