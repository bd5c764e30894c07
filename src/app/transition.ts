import type { EventKind } from '../domain/events.js';
import type { Tx } from '../db/client.js';
import { findSubmissionEvent, recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { findOpenOverlapIdsOf, findRequestById, findRequestForUpdate, updateRequestIf } from '../db/repositories/requests.js';
import type { NewRequestRow, RequestEventRow, RequestRow } from '../db/schema.js';
import { allowedInPlace, isOpen, nextStatus, type Action, type InPlaceAction } from '../domain/lifecycle.js';
import { stepEffects } from '../domain/stepEffects.js';
import { cardUpdate } from './effects.js';
import type { Actor, Ports } from './ports.js';
import { stepOutbox } from './stepOutbox.js';

export type TransitionResult =
  /** `repeated`: the same submission came again after its step was done; `event` is the step's. */
  | { kind: 'ok'; request: RequestRow; event: RequestEventRow; repeated?: true }
  | { kind: 'not_found' }
  /** The request is not (or no longer) in a state that allows the action: the card was stale. */
  | { kind: 'stale'; request: RequestRow };

export interface TransitionCommand {
  requestId: string;
  action: Action;
  actor: Actor;
  /** The status the clicked card showed; a different stored status means the card was stale. */
  expectedStatus?: string;
  /** The assignee the clicked card showed (null: nobody); a different stored one means the card was stale. */
  expectedAssignee?: string | null;
  changes?: (from: RequestRow) => Partial<NewRequestRow>;
  eventKind: EventKind;
  details?: Record<string, unknown>;
  /** The step's free text (the question, the reason) for the effects that carry it. */
  text?: string;
  /** A staff step: whoever does it becomes the assignee if there is none. */
  assignActor?: boolean;
  /**
   * The platform's id of the submitted form (Slack: the modal's view id), kept in the event's details.
   * The same form submitted again once its step is done (a user re-submitting after a slow answer,
   * a retried delivery) is that one step, answered as done: not a card someone else changed.
   */
  submission?: string;
  /** Extra audit events written in the same transaction, before the transition's own. */
  before?: (tx: Tx, request: RequestRow) => Promise<void>;
}

/**
 * Moves a request through the lifecycle: the domain decides whether the action is allowed, and a
 * conditional update (WHERE status, and the assignee when the card named one, = what we read) in one
 * transaction with the audit event and the outbox rows makes concurrent clicks move it exactly once.
 */
export async function transition(ports: Ports, cmd: TransitionCommand): Promise<TransitionResult> {
  const result = await ports.db.transaction(async (tx): Promise<TransitionResult> => {
    const staleOrRepeat = async (request: RequestRow): Promise<TransitionResult> => {
      const done = cmd.submission ? await findSubmissionEvent(tx, request.id, cmd.eventKind, cmd.submission) : undefined;
      return done ? { kind: 'ok', request, event: done, repeated: true } : { kind: 'stale', request };
    };
    const current = await findRequestById(tx, cmd.requestId);
    if (!current) return { kind: 'not_found' };
    if (cmd.expectedStatus && cmd.expectedStatus !== current.status) return staleOrRepeat(current);
    if (cmd.expectedAssignee !== undefined && cmd.expectedAssignee !== current.assigneeUserId) return staleOrRepeat(current);
    const from = current.status;
    const to = nextStatus(from, cmd.action, current.pausedFrom);
    if (!to) return staleOrRepeat(current);
    const takesIt = cmd.assignActor === true && !current.assigneeUserId;
    const updated = await updateRequestIf(
      tx,
      current.id,
      { status: from, ...(cmd.expectedAssignee !== undefined ? { assigneeUserId: cmd.expectedAssignee } : {}) },
      { status: to, ...cmd.changes?.(current), ...(takesIt ? { assigneeUserId: cmd.actor.userId } : {}) },
    );
    if (!updated) {
      // Someone else moved it between our read and our write (or the same submission did); report what it is now.
      return staleOrRepeat((await findRequestById(tx, current.id)) ?? current);
    }
    await cmd.before?.(tx, updated);
    const event = await recordEvent(tx, {
      requestId: current.id,
      kind: cmd.eventKind,
      actorUserId: cmd.actor.userId,
      actorTeamId: cmd.actor.teamId,
      // A step that keeps the status (a claim) records none: "in this status since" counts from a change.
      ...(to !== from ? { fromStatus: from, toStatus: to } : {}),
      details: { ...cmd.details, ...(takesIt ? { assignedToActor: true } : {}), ...(cmd.submission ? { submission: cmd.submission } : {}) },
    });
    // The domain says what the step causes; each effect happens once per audit event.
    const effects = stepEffects(cmd.action, updated);
    await enqueue(tx, stepOutbox(effects, updated.id, event.id, cmd.text));
    // The other open requests for the same pair name this one on their cards: once it is closed, not any more.
    if (isOpen(from) && !isOpen(to)) {
      const others = await findOpenOverlapIdsOf(tx, updated);
      if (others.length > 0) await enqueue(tx, others.map((id) => cardUpdate(id, `overlap-closed:${event.id}`)));
    }
    return { kind: 'ok', request: updated, event };
  });
  if (result.kind === 'ok' && !result.repeated) ports.outboxNotify();
  return result;
}

export type InPlaceResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'not_found' }
  /** The request's status does not allow the action (see domain/lifecycle's allowedInPlace). */
  | { kind: 'not_allowed'; request: RequestRow };

/**
 * An action that changes a request without moving it (assign, reply, feedback): `write` records it
 * and enqueues its effects in one transaction, only while the domain allows it in the request's
 * status (the row is locked, so it cannot close meanwhile); the outbox is told after the commit.
 */
export async function actInPlace<T>(
  ports: Ports,
  cmd: { requestId: string; action: InPlaceAction },
  write: (tx: Tx, request: RequestRow) => Promise<T>,
): Promise<InPlaceResult<T>> {
  const result = await ports.db.transaction(async (tx): Promise<InPlaceResult<T>> => {
    const request = await findRequestForUpdate(tx, cmd.requestId);
    if (!request) return { kind: 'not_found' };
    if (!allowedInPlace(request.status, cmd.action)) return { kind: 'not_allowed', request };
    return { kind: 'ok', value: await write(tx, request) };
  });
  if (result.kind === 'ok') ports.outboxNotify();
  return result;
}
