import { recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { updateRequest } from '../db/repositories/requests.js';
import type { RequestRow } from '../db/schema.js';
import { cardThreadPost, cardUpdate } from './effects.js';
import type { Actor, Ports } from './ports.js';
import { actInPlace } from './transition.js';

export type AssignResult =
  | { kind: 'ok'; request: RequestRow }
  | { kind: 'unchanged'; request: RequestRow }
  | { kind: 'not_found' }
  | { kind: 'closed'; request: RequestRow }
  | { kind: 'invalid'; error: 'not_staff' };

/**
 * Staff assign a request to a colleague. Slack's user picker cannot be limited to a group, so the
 * caller says whether the chosen user is staff (the directory decides) and anyone else is refused.
 * Audited; the card is updated and the new assignee is @mentioned in the card's thread.
 */
export async function assignRequest(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; assigneeUserId: string; assigneeIsStaff: boolean },
): Promise<AssignResult> {
  if (!cmd.assigneeIsStaff) return { kind: 'invalid', error: 'not_staff' };
  const result = await actInPlace(ports, { requestId: cmd.requestId, action: 'assign' }, async (tx, request): Promise<AssignResult> => {
    if (request.assigneeUserId === cmd.assigneeUserId) return { kind: 'unchanged', request };
    const updated = (await updateRequest(tx, request.id, { assigneeUserId: cmd.assigneeUserId }))!;
    const event = await recordEvent(tx, {
      requestId: request.id,
      kind: 'assigned',
      actorUserId: cmd.actor.userId,
      actorTeamId: cmd.actor.teamId,
      details: { to: cmd.assigneeUserId, from: request.assigneeUserId },
    });
    await enqueue(tx, [
      cardUpdate(request.id, event.id),
      // Assigning oneself needs no notice.
      ...(cmd.assigneeUserId !== cmd.actor.userId
        ? [cardThreadPost(request.id, `assigned-${event.id}`, { kind: 'assigned', assigneeUserId: cmd.assigneeUserId, byUserId: cmd.actor.userId })]
        : []),
    ]);
    return { kind: 'ok', request: updated };
  });
  if (result.kind === 'ok') return result.value;
  return result.kind === 'not_allowed' ? { kind: 'closed', request: result.request } : result;
}
