import { recordEvent } from '../db/repositories/events.js';
import { findRequestById } from '../db/repositories/requests.js';
import type { RequestRow } from '../db/schema.js';
import { parseFnr, type FnrError } from '../domain/fnr.js';
import { parseFreeText, type FreeTextError } from '../domain/freeText.js';
import { parseOrgNumber } from '../domain/orgnr.js';
import type { Actor, Ports } from './ports.js';
import { transition, type TransitionResult } from './transition.js';

export type ClaimResult =
  | { kind: 'ok'; request: RequestRow; takenOverFrom: string | null }
  | { kind: 'already_yours'; request: RequestRow }
  | { kind: 'not_found' }
  | { kind: 'stale'; request: RequestRow };

/**
 * Assigns the request to the actor. `expectedAssignee` is who the card showed (null: nobody), so
 * two people claiming at once cannot both win, and taking over from a colleague is deliberate.
 */
export async function claimRequest(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; expectedAssignee: string | null; expectedStatus?: string },
): Promise<ClaimResult> {
  const from = cmd.expectedAssignee;
  // Taking it over from oneself changes nothing: answered below as "already yours" (or stale).
  const result =
    from === cmd.actor.userId
      ? await staleOrMissing(ports, cmd.requestId)
      : await transition(ports, {
          requestId: cmd.requestId,
          action: 'claim',
          actor: cmd.actor,
          expectedStatus: cmd.expectedStatus,
          expectedAssignee: from,
          eventKind: from ? 'taken_over' : 'claimed',
          details: from ? { from } : {},
          changes: () => ({ assigneeUserId: cmd.actor.userId }),
        });
  if (result.kind === 'ok') return { kind: 'ok', request: result.request, takenOverFrom: from };
  if (result.kind === 'not_found') return result;
  // Someone else claimed it first, or it moved on: the card was out of date; unless it is the actor's.
  return { kind: result.request.assigneeUserId === cmd.actor.userId ? 'already_yours' : 'stale', request: result.request };
}

async function staleOrMissing(ports: Ports, requestId: string): Promise<TransitionResult> {
  const request = await findRequestById(ports.db, requestId);
  return request ? { kind: 'stale', request } : { kind: 'not_found' };
}

export type StepResult<E extends string = never> = TransitionResult | { kind: 'invalid'; error: E };

/** The Altinn step: for a fictitious enterprise it records the enterprise's organisation number. */
export async function recordAltinnStep(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; expectedStatus?: string; submission?: string; fictitiousOrgNumber?: string },
): Promise<StepResult<'org_format' | 'org_checksum' | 'same_as_vendor' | 'required'>> {
  const request = await findRequestById(ports.db, cmd.requestId);
  if (!request) return { kind: 'not_found' };
  let fictitious: string | null = null;
  if (request.accessType === 'fictitious_enterprise') {
    if (!cmd.fictitiousOrgNumber?.trim()) return { kind: 'invalid', error: 'required' };
    const parsed = parseOrgNumber(cmd.fictitiousOrgNumber);
    if (!parsed.ok) return { kind: 'invalid', error: parsed.error === 'format' ? 'org_format' : 'org_checksum' };
    if (parsed.value === request.vendorOrgNumber) return { kind: 'invalid', error: 'same_as_vendor' };
    fictitious = parsed.value;
  }
  return transition(ports, {
    requestId: cmd.requestId,
    action: 'record_altinn',
    actor: cmd.actor,
    expectedStatus: cmd.expectedStatus,
    submission: cmd.submission,
    eventKind: 'altinn_done',
    assignActor: true,
    changes: () => (fictitious ? { fictitiousOrgNumber: fictitious } : {}),
    details: fictitious ? { fictitiousOrgNumber: fictitious } : {},
  });
}

export type FnrStepError = `fnr_${FnrError}` | 'fnr_needs_confirmation';

/**
 * A fødselsnummer typed by staff. A number that is not a synthetic test number could be a real
 * person's: it is accepted only with the explicit confirmation that it is a test identity.
 */
export function checkLoginFnr(raw: string, confirmedTestIdentity: boolean): { ok: true; fnr: ValidFnr } | { ok: false; error: FnrStepError } {
  const parsed = parseFnr(raw);
  if (!parsed.ok) return { ok: false, error: `fnr_${parsed.error}` };
  if (!parsed.synthetic && !confirmedTestIdentity) return { ok: false, error: 'fnr_needs_confirmation' };
  return { ok: true, fnr: parsed };
}
type ValidFnr = Extract<ReturnType<typeof parseFnr>, { ok: true }>;

/**
 * The fødselsnummer step. A number that is not a synthetic test number could be a real person's:
 * it is stored only after explicit confirmation, which is audited.
 */
export async function registerLoginFnr(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; fnr: string; confirmedTestIdentity: boolean; expectedStatus?: string; submission?: string },
): Promise<StepResult<FnrStepError>> {
  const checked = checkLoginFnr(cmd.fnr, cmd.confirmedTestIdentity);
  if (!checked.ok) return { kind: 'invalid', error: checked.error };
  const parsed = checked.fnr;
  return transition(ports, {
    requestId: cmd.requestId,
    action: 'register_fnr',
    actor: cmd.actor,
    expectedStatus: cmd.expectedStatus,
    submission: cmd.submission,
    eventKind: 'fnr_registered',
    assignActor: true,
    changes: () => ({ loginFnr: parsed.value, loginFnrKind: parsed.kind }),
    // The number itself never goes into the audit trail; its kind does.
    details: { fnrKind: parsed.kind, synthetic: parsed.synthetic },
    before: async (tx, r) => {
      if (!parsed.synthetic) {
        await recordEvent(tx, {
          requestId: r.id,
          kind: 'fnr_real_confirmed',
          actorUserId: cmd.actor.userId,
          actorTeamId: cmd.actor.teamId,
          details: { fnrKind: parsed.kind },
        });
      }
    },
  });
}

/** Free text (question, answer, reason): one rule for all three, see domain/freeText. */
function freeText(raw: string): { ok: true; text: string } | { ok: false; invalid: { kind: 'invalid'; error: FreeTextError } } {
  const parsed = parseFreeText(raw);
  return parsed.ok ? { ok: true, text: parsed.value } : { ok: false, invalid: { kind: 'invalid', error: parsed.error } };
}

export async function askForInformation(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; question: string; expectedStatus?: string; submission?: string },
): Promise<StepResult<FreeTextError>> {
  const parsed = freeText(cmd.question);
  if (!parsed.ok) return parsed.invalid;
  const question = parsed.text;
  return transition(ports, {
    requestId: cmd.requestId,
    action: 'ask_info',
    actor: cmd.actor,
    expectedStatus: cmd.expectedStatus,
    submission: cmd.submission,
    eventKind: 'needs_info',
    assignActor: true,
    // A new question: an earlier thread reply is no answer to it, so it no longer pre-fills "Resume".
    changes: (r) => ({ pausedFrom: r.status, openQuestion: question, lastAnswer: null, lastVendorReply: null }),
    text: question,
  });
}

/**
 * The vendor's answer resumes the request. Staff may resume it too ("Resume" on the card), with the
 * answer taken from the thread or typed in: then `byStaff` is set, the staff member takes the request
 * if nobody has it, and the audit says so.
 */
export async function answerInformation(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; answer: string; byStaff?: boolean; submission?: string },
): Promise<StepResult<FreeTextError>> {
  const parsed = freeText(cmd.answer);
  if (!parsed.ok) return parsed.invalid;
  const answer = parsed.text;
  return transition(ports, {
    requestId: cmd.requestId,
    action: 'answer_info',
    actor: cmd.actor,
    expectedStatus: 'needs_info',
    submission: cmd.submission,
    eventKind: 'info_answered',
    assignActor: cmd.byStaff === true,
    ...(cmd.byStaff ? { details: { resumedByStaff: true } } : {}),
    changes: () => ({ pausedFrom: null, lastAnswer: answer }),
  });
}

export async function rejectRequest(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; reason: string; expectedStatus?: string; submission?: string },
): Promise<StepResult<FreeTextError>> {
  const parsed = freeText(cmd.reason);
  if (!parsed.ok) return parsed.invalid;
  const reason = parsed.text;
  return transition(ports, {
    requestId: cmd.requestId,
    action: 'reject',
    actor: cmd.actor,
    expectedStatus: cmd.expectedStatus,
    submission: cmd.submission,
    eventKind: 'rejected',
    assignActor: true,
    // No confirmation will carry the fødselsnummer now: it goes (its kind stays, like after sending).
    changes: () => ({ rejectionReason: reason, pausedFrom: null, loginFnr: null }),
    text: reason,
  });
}

export type WithdrawResult = TransitionResult | { kind: 'forbidden' };

/** Only the requester, or staff, may withdraw. */
export async function withdrawRequest(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; actorIsStaff: boolean },
): Promise<WithdrawResult> {
  const request = await findRequestById(ports.db, cmd.requestId);
  if (!request) return { kind: 'not_found' };
  if (!cmd.actorIsStaff && request.requesterUserId !== cmd.actor.userId) return { kind: 'forbidden' };
  return transition(ports, {
    requestId: cmd.requestId,
    action: 'withdraw',
    actor: cmd.actor,
    eventKind: 'withdrawn',
    changes: () => ({ pausedFrom: null, loginFnr: null }),
  });
}

/** The last step: the request completes and the confirmation email is queued, exactly once. */
export async function sendConfirmation(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; expectedStatus?: string; submission?: string },
): Promise<TransitionResult> {
  return transition(ports, {
    requestId: cmd.requestId,
    action: 'send_confirmation',
    actor: cmd.actor,
    expectedStatus: cmd.expectedStatus,
    submission: cmd.submission,
    eventKind: 'completed',
    assignActor: true,
  });
}

/**
 * Why an attempt was refused; stored in the audit trail (`denied` events). 'other_tenant': a Teams
 * user from another Entra tenant (never staff).
 */
export type DeniedReason = 'not_staff' | 'wrong_channel' | 'not_requester' | 'malformed_value' | 'staff_check_failed' | 'other_tenant';

/**
 * Records an attempt to act without permission (audited; nothing changes). An attempt that names no
 * existing request (a malformed button, `post-button`) is recorded with no request id.
 */
export async function recordDenied(
  ports: Ports,
  cmd: { requestId: string | null; actor: Actor; action: string; reason: DeniedReason; channelId?: string },
): Promise<void> {
  const requestId = cmd.requestId && (await findRequestById(ports.db, cmd.requestId)) ? cmd.requestId : null;
  await recordEvent(ports.db, {
    requestId,
    kind: 'denied',
    actorUserId: cmd.actor.userId,
    actorTeamId: cmd.actor.teamId,
    details: { action: cmd.action, reason: cmd.reason, ...(requestId || !cmd.channelId ? {} : { channelId: cmd.channelId }) },
  });
}
