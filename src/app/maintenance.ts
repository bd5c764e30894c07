import { recordEvent } from '../db/repositories/events.js';
import { enqueue, outboxRowsForRequest, requeueFailed } from '../db/repositories/outbox.js';
import { findRequestById, updateRequest } from '../db/repositories/requests.js';
import type { Executor } from '../db/client.js';
import type { RequestRow } from '../db/schema.js';
import { isOpen } from '../domain/lifecycle.js';
import { checkRegister } from './checkRegister.js';
import { EFFECT, cardUpdate } from './effects.js';
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

export type RetryMailResult = { kind: 'ok' } | { kind: 'nothing_to_retry' } | { kind: 'fnr_needed'; request: RequestRow };

/**
 * The card's "send again" for an email that was given up on. A given-up confirmation has dropped its
 * fødselsnummer: then nothing is queued, and staff are asked for the number (app/reenterFnr.ts).
 */
export async function retryFailedMail(ports: Ports, cmd: { requestId: string; outboxId: number; actor: Actor }): Promise<RetryMailResult> {
  const request = await findRequestById(ports.db, cmd.requestId);
  // After the purge there is no address (nor fødselsnummer) left to send to.
  if (!request || request.purgedAt) return { kind: 'nothing_to_retry' };
  const rows = await outboxRowsForRequest(ports.db, cmd.requestId);
  const failed = rows.find((r) => r.id === cmd.outboxId && r.status === 'failed');
  if (!failed) return { kind: 'nothing_to_retry' };
  if (failed.kind === EFFECT.confirmationMail && !request.loginFnr && !request.loginFnrErasedAt) return { kind: 'fnr_needed', request };
  const done = await ports.db.transaction((tx) => requeueGivenUpMail(tx, cmd));
  if (!done) return { kind: 'nothing_to_retry' };
  ports.outboxNotify();
  return { kind: 'ok' };
}

/** Puts a given-up email back in the queue, audited, and updates the card. False if it was not given up. */
export async function requeueGivenUpMail(tx: Executor, cmd: { requestId: string; outboxId: number; actor: Actor }): Promise<boolean> {
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
}
