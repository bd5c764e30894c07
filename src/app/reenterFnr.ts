import { recordEvent } from '../db/repositories/events.js';
import { reenterLoginFnr } from '../db/repositories/loginFnr.js';
import { outboxRowsForRequest } from '../db/repositories/outbox.js';
import { findRequestById } from '../db/repositories/requests.js';
import { EFFECT } from './effects.js';
import { requeueGivenUpMail } from './maintenance.js';
import type { Actor, Ports } from './ports.js';
import { checkLoginFnr, type FnrStepError } from './staffSteps.js';

export type ReenterFnrResult = { kind: 'ok' } | { kind: 'not_found' } | { kind: 'nothing_to_retry' } | { kind: 'invalid'; error: FnrStepError };

/** Thrown inside the transaction to roll it back: the confirmation was no longer waiting for a number. */
class NothingToRetry extends Error {}

/**
 * A given-up confirmation dropped its fødselsnummer (outbox/deliveries.ts). Staff enter it again,
 * checked as at the fødselsnummer step, and the same email is queued again: both in one transaction,
 * audited. It is erased again once the mail server accepts the email.
 */
export async function reenterFnrAndResend(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; fnr: string; confirmedTestIdentity: boolean },
): Promise<ReenterFnrResult> {
  const checked = checkLoginFnr(cmd.fnr, cmd.confirmedTestIdentity);
  if (!checked.ok) return { kind: 'invalid', error: checked.error };
  const fnr = checked.fnr;
  const request = await findRequestById(ports.db, cmd.requestId);
  if (!request) return { kind: 'not_found' };
  const failed = (await outboxRowsForRequest(ports.db, request.id, [EFFECT.confirmationMail])).find((r) => r.status === 'failed');
  if (!failed) return { kind: 'nothing_to_retry' };
  try {
    await ports.db.transaction(async (tx) => {
      // Only while the request waits for it: not purged, not sent meanwhile, nobody was quicker.
      if (!(await reenterLoginFnr(tx, request.id, fnr))) throw new NothingToRetry();
      if (!fnr.synthetic) {
        await recordEvent(tx, { requestId: request.id, kind: 'fnr_real_confirmed', actorUserId: cmd.actor.userId, actorTeamId: cmd.actor.teamId, details: { fnrKind: fnr.kind } });
      }
      // The number itself never goes into the audit trail; its kind does.
      await recordEvent(tx, {
        requestId: request.id,
        kind: 'fnr_reentered',
        actorUserId: cmd.actor.userId,
        actorTeamId: cmd.actor.teamId,
        details: { fnrKind: fnr.kind, synthetic: fnr.synthetic, outboxId: failed.id },
      });
      if (!(await requeueGivenUpMail(tx, { requestId: request.id, outboxId: failed.id, actor: cmd.actor }))) throw new NothingToRetry();
    });
  } catch (err) {
    if (err instanceof NothingToRetry) return { kind: 'nothing_to_retry' };
    throw err;
  }
  ports.outboxNotify();
  return { kind: 'ok' };
}
