import type { EventKind } from '../domain/events.js';
import type { Tx } from '../db/client.js';
import { recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { findOpenOverlapIdsOf, findRequestById, updateRequestIfStatus } from '../db/repositories/requests.js';
import type { NewRequestRow, RequestEventRow, RequestRow } from '../db/schema.js';
import { isOpen, nextStatus, type Action } from '../domain/lifecycle.js';
import { stepEffects } from '../domain/stepEffects.js';
import { cardUpdate } from './effects.js';
import type { Actor, Ports } from './ports.js';
import { stepOutbox } from './stepOutbox.js';

export type TransitionResult =
  | { kind: 'ok'; request: RequestRow; event: RequestEventRow }
  | { kind: 'not_found' }
  /** The request is not (or no longer) in a state that allows the action: the card was stale. */
  | { kind: 'stale'; request: RequestRow };

export interface TransitionCommand {
  requestId: string;
  action: Action;
  actor: Actor;
  /** The status the clicked card showed; a different stored status means the card was stale. */
  expectedStatus?: string;
  changes?: (from: RequestRow) => Partial<NewRequestRow>;
  eventKind: EventKind;
  details?: Record<string, unknown>;
  /** The step's free text (the question, the reason) for the effects that carry it. */
  text?: string;
  /** A staff step: whoever does it becomes the assignee if there is none. */
  assignActor?: boolean;
  /** Extra audit events written in the same transaction, before the transition's own. */
  before?: (tx: Tx, request: RequestRow) => Promise<void>;
}

/**
 * Moves a request through the lifecycle: the domain decides whether the action is allowed, and a
 * conditional update (WHERE status = the status we read) in one transaction with the audit event
 * and the outbox rows makes concurrent clicks move it exactly once.
 */
export async function transition(ports: Ports, cmd: TransitionCommand): Promise<TransitionResult> {
  const result = await ports.db.transaction(async (tx): Promise<TransitionResult> => {
    const current = await findRequestById(tx, cmd.requestId);
    if (!current) return { kind: 'not_found' };
    if (cmd.expectedStatus && cmd.expectedStatus !== current.status) return { kind: 'stale', request: current };
    const from = current.status;
    const to = nextStatus(from, cmd.action, current.pausedFrom);
    if (!to) return { kind: 'stale', request: current };
    const takesIt = cmd.assignActor === true && !current.assigneeUserId;
    const updated = await updateRequestIfStatus(tx, current.id, from, {
      status: to,
      ...cmd.changes?.(current),
      ...(takesIt ? { assigneeUserId: cmd.actor.userId } : {}),
    });
    if (!updated) {
      // Someone else moved it between our read and our write; report what it is now.
      return { kind: 'stale', request: (await findRequestById(tx, current.id)) ?? current };
    }
    await cmd.before?.(tx, updated);
    const event = await recordEvent(tx, {
      requestId: current.id,
      kind: cmd.eventKind,
      actorUserId: cmd.actor.userId,
      actorTeamId: cmd.actor.teamId,
      fromStatus: from,
      toStatus: to,
      details: takesIt ? { ...cmd.details, assignedToActor: true } : cmd.details,
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
  if (result.kind === 'ok') ports.outboxNotify();
  return result;
}
