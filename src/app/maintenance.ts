import { recordEvent } from '../db/repositories/events.js';
import { enqueue, outboxRowsForRequest, requeueFailed } from '../db/repositories/outbox.js';
import { findRequestById, updateRequest } from '../db/repositories/requests.js';
import type { RequestRow } from '../db/schema.js';
import { isOpen } from '../domain/lifecycle.js';
import { checkRegister } from './checkRegister.js';
import { cardUpdate } from './effects.js';
import type { Actor, Ports } from './ports.js';

export type RecheckResult =
  | { kind: 'ok'; request: RequestRow }
  | { kind: 'not_found' }
  | { kind: 'stale'; request: RequestRow }
  | { kind: 'disabled' };

/**
 * Staff re-check a "not verified" request against Enhetsregisteret. The request is already in, so
 * what the register says now is recorded and shown on the card, not used to refuse it.
 */
export async function recheckRegister(ports: Ports, cmd: { requestId: string; actor: Actor }): Promise<RecheckResult> {
  if (!ports.register) return { kind: 'disabled' };
  const request = await findRequestById(ports.db, cmd.requestId);
  if (!request) return { kind: 'not_found' };
  if (!isOpen(request.status)) return { kind: 'stale', request };
  const verdict = await checkRegister(
    ports.register,
    {
      vendorOrgNumber: request.vendorOrgNumber,
      customer: request.customerOrgNumber
        ? { orgNumber: request.customerOrgNumber, orgName: request.customerOrgName ?? '', email: '', phone: '' }
        : null,
    },
    5000,
  );
  const problems = verdict.errors ?? {};
  const updated = await ports.db.transaction(async (tx) => {
    const row = await updateRequest(tx, request.id, {
      verification: verdict.errors ? 'verified' : verdict.verification,
      vendorRegister: verdict.vendor ?? (problems.vendor_org_number ? { problem: problems.vendor_org_number } : request.vendorRegister),
      customerRegister:
        verdict.customer ?? (problems.customer_org_number ? { problem: problems.customer_org_number } : request.customerRegister),
    });
    const event = await recordEvent(tx, {
      requestId: request.id,
      kind: 'register_rechecked',
      actorUserId: cmd.actor.userId,
      actorTeamId: cmd.actor.teamId,
      details: { verification: verdict.verification, problems },
    });
    await enqueue(tx, [cardUpdate(request.id, event.id)]);
    return row!;
  });
  ports.outboxNotify();
  return { kind: 'ok', request: updated };
}

/** The card's retry button for a confirmation email that was given up on. */
export async function retryFailedMail(
  ports: Ports,
  cmd: { requestId: string; outboxId: number; actor: Actor },
): Promise<{ kind: 'ok' } | { kind: 'nothing_to_retry' }> {
  // After the purge there is no address (nor fødselsnummer) left to send to.
  if ((await findRequestById(ports.db, cmd.requestId))?.purgedAt) return { kind: 'nothing_to_retry' };
  const rows = await outboxRowsForRequest(ports.db, cmd.requestId);
  if (!rows.some((r) => r.id === cmd.outboxId && r.status === 'failed')) return { kind: 'nothing_to_retry' };
  const done = await ports.db.transaction(async (tx) => {
    if (!(await requeueFailed(tx, cmd.outboxId))) return false;
    const event = await recordEvent(tx, {
      requestId: cmd.requestId,
      kind: 'mail_retry',
      actorUserId: cmd.actor.userId,
      actorTeamId: cmd.actor.teamId,
      details: { outboxId: cmd.outboxId },
    });
    await enqueue(tx, [cardUpdate(cmd.requestId, event.id)]);
    return true;
  });
  if (!done) return { kind: 'nothing_to_retry' };
  ports.outboxNotify();
  return { kind: 'ok' };
}
