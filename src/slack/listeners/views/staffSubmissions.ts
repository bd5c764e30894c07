import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { TransitionResult } from '../../../app/transition.js';
import type { FreeTextError } from '../../../domain/freeText.js';
import {
  answerInformation,
  askForInformation,
  recordAltinnStep,
  registerLoginFnr,
  rejectRequest,
  sendConfirmation,
} from '../../../app/staffSteps.js';
import { isOpen } from '../../../domain/lifecycle.js';
import { formatReference } from '../../../domain/reference.js';
import { texts, type Locale } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { noticeView, parseRequestMetadata, TEST_IDENTITY_VALUE, type RequestMetadata } from '../../views/staffModals.js';
import { auditRefusal } from '../../respond.js';
import { refreshCard } from '../../../app/refreshCard.js';
import { reenterFnrAndResend } from '../../../app/reenterFnr.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Values = Record<string, Record<string, { value?: string | null; selected_options?: { value: string }[] | null }>>;

const textOf = (v: Values, id: string) => v[id]?.[id]?.value ?? '';

/** Parses the modal's metadata and re-checks that the submitter is staff (a modal outlives a click). */
export async function staffSubmission(deps: SlackDeps, a: Args, action: string): Promise<RequestMetadata | null> {
  const meta = parseRequestMetadata(a.view.private_metadata);
  const who = { userId: a.body.user.id, teamId: a.body.user.team_id, channelId: deps.config.slack.triageChannelId };
  if (!meta) {
    await a.ack({ response_action: 'update', view: noticeView('nb', texts('nb').intake.title, texts('nb').refusals.somethingWentWrong) });
    return null;
  }
  // Bounded (STAFF_LOOKUP_MS), so the answer always fits in the acknowledgement.
  const staff = await deps.directory.staffVerdict(who.userId);
  if (staff !== 'staff') {
    const t = texts(meta.locale);
    await a.ack({ response_action: 'update', view: noticeView(meta.locale, t.intake.title, staff === 'unavailable' ? t.refusals.staffCheckFailed : t.staff.notAllowed) });
    await auditRefusal(deps, { ...who, channelId: undefined }, action, meta.requestId, staff === 'unavailable' ? 'staff_check_failed' : 'not_staff');
    return null;
  }
  return meta;
}

/** Closes the modal on success; on a stale request explains in place and refreshes the card. */
export async function finish(deps: SlackDeps, a: Args, locale: Locale, result: TransitionResult): Promise<void> {
  const t = texts(locale);
  if (result.kind === 'ok') {
    await a.ack();
    return;
  }
  if (result.kind === 'not_found') {
    await a.ack({ response_action: 'update', view: noticeView(locale, t.intake.title, t.staff.notFound) });
    return;
  }
  await a.ack({
    response_action: 'update',
    view: noticeView(locale, t.intake.title, t.staff.stale(formatReference(result.request.number), t.status[result.request.status])),
  });
  await refreshCard(deps.ports, result.request.id);
}

const actorOf = (a: Args) => ({ userId: a.body.user.id, teamId: a.body.user.team_id });
/** The modal's view id: the same modal submitted again (after a slow answer) is the same step. */
const submissionOf = (a: Args) => a.view.id;

export function fictitiousOrgSubmitted(deps: SlackDeps) {
  return async (a: Args) => {
    const meta = await staffSubmission(deps, a, 'record_altinn');
    if (!meta) return;
    const t = texts(meta.locale);
    const result = await recordAltinnStep(deps.ports, {
      requestId: meta.requestId,
      actor: actorOf(a),
      expectedStatus: meta.status,
      submission: submissionOf(a),
      fictitiousOrgNumber: textOf(a.view.state.values, 'fictitious_org_number'),
    });
    if (result.kind === 'invalid') {
      const message =
        result.error === 'same_as_vendor' ? t.staff.errors.same_as_vendor : result.error === 'required' ? t.staff.errors.required : t.errors[result.error];
      await a.ack({ response_action: 'errors', errors: { fictitious_org_number: message } });
      return;
    }
    await finish(deps, a, meta.locale, result);
  };
}

export function loginFnrSubmitted(deps: SlackDeps) {
  return async (a: Args) => {
    const meta = await staffSubmission(deps, a, 'register_fnr');
    if (!meta) return;
    const values = a.view.state.values;
    const confirmed = (values.test_identity?.test_identity?.selected_options ?? []).some((o) => o.value === TEST_IDENTITY_VALUE);
    const result = await registerLoginFnr(deps.ports, {
      requestId: meta.requestId,
      actor: actorOf(a),
      expectedStatus: meta.status,
      submission: submissionOf(a),
      fnr: textOf(values, 'login_fnr'),
      confirmedTestIdentity: confirmed,
    });
    if (result.kind === 'invalid') {
      const message = texts(meta.locale).staff.errors[result.error];
      const field = result.error === 'fnr_needs_confirmation' ? 'test_identity' : 'login_fnr';
      await a.ack({ response_action: 'errors', errors: { [field]: message } });
      return;
    }
    await finish(deps, a, meta.locale, result);
  };
}

/** The fødselsnummer entered again for a given-up confirmation: checked as at its step, then sent again. */
export function reenteredFnrSubmitted(deps: SlackDeps) {
  return async (a: Args) => {
    const meta = await staffSubmission(deps, a, 'reenter_fnr');
    if (!meta) return;
    const values = a.view.state.values;
    const t = texts(meta.locale);
    const result = await reenterFnrAndResend(deps.ports, {
      requestId: meta.requestId,
      actor: actorOf(a),
      fnr: textOf(values, 'login_fnr'),
      confirmedTestIdentity: (values.test_identity?.test_identity?.selected_options ?? []).some((o) => o.value === TEST_IDENTITY_VALUE),
    });
    if (result.kind === 'invalid') {
      const field = result.error === 'fnr_needs_confirmation' ? 'test_identity' : 'login_fnr';
      await a.ack({ response_action: 'errors', errors: { [field]: t.staff.errors[result.error] } });
    } else if (result.kind === 'ok') await a.ack();
    else {
      const message = result.kind === 'not_found' ? t.staff.notFound : t.confirmation.nothingToRetry;
      await a.ack({ response_action: 'update', view: noticeView(meta.locale, t.intake.title, message) });
    }
  };
}

/** Staff steps that take one free-text field (the question, the rejection reason). */
function textStepSubmitted(
  deps: SlackDeps,
  action: 'ask_info' | 'reject',
  field: 'question' | 'reason',
  step: (cmd: { requestId: string; actor: ReturnType<typeof actorOf>; expectedStatus: string; submission: string; text: string }) => Promise<
    TransitionResult | { kind: 'invalid'; error: FreeTextError }
  >,
) {
  return async (a: Args) => {
    const meta = await staffSubmission(deps, a, action);
    if (!meta) return;
    const result = await step({
      requestId: meta.requestId,
      actor: actorOf(a),
      expectedStatus: meta.status,
      submission: submissionOf(a),
      text: textOf(a.view.state.values, field),
    });
    if (result.kind === 'invalid') {
      await a.ack({ response_action: 'errors', errors: { [field]: texts(meta.locale).staff.errors[result.error] } });
      return;
    }
    await finish(deps, a, meta.locale, result);
  };
}

export const askInfoSubmitted = (deps: SlackDeps) =>
  textStepSubmitted(deps, 'ask_info', 'question', ({ text, ...cmd }) => askForInformation(deps.ports, { ...cmd, question: text }));

export const rejectSubmitted = (deps: SlackDeps) =>
  textStepSubmitted(deps, 'reject', 'reason', ({ text, ...cmd }) => rejectRequest(deps.ports, { ...cmd, reason: text }));

/** The vendor's answer to a question (any member of the vendor channel may answer). */
export function answerSubmitted(deps: SlackDeps) {
  return async (a: Args) => {
    const meta = parseRequestMetadata(a.view.private_metadata);
    if (!meta) {
      await a.ack({ response_action: 'update', view: noticeView('nb', texts('nb').intake.title, texts('nb').refusals.somethingWentWrong) });
      return;
    }
    const t = texts(meta.locale);
    const result = await answerInformation(deps.ports, {
      requestId: meta.requestId,
      actor: actorOf(a),
      answer: textOf(a.view.state.values, 'answer'),
      // Sent again after a slow answer, the same modal is the one answer: thanked, not told there is no question.
      submission: submissionOf(a),
    });
    if (result.kind === 'invalid') {
      await a.ack({ response_action: 'errors', errors: { answer: t.staff.errors[result.error] } });
      return;
    }
    if (result.kind === 'ok') {
      await a.ack({ response_action: 'update', view: noticeView(meta.locale, t.answerModal.title, t.answerModal.thanks) });
      return;
    }
    if (result.kind === 'not_found') {
      await a.ack({ response_action: 'update', view: noticeView(meta.locale, t.answerModal.title, t.staff.notFound) });
      return;
    }
    const ref = formatReference(result.request.number);
    const status = result.request.status;
    const message = isOpen(status) ? t.vendor.noQuestion(ref) : t.vendor.alreadyClosed(ref, t.status[status]);
    await a.ack({ response_action: 'update', view: noticeView(meta.locale, t.answerModal.title, message) });
  };
}

export function confirmationSubmitted(deps: SlackDeps) {
  return async (a: Args) => {
    const meta = await staffSubmission(deps, a, 'send_confirmation');
    if (!meta) return;
    const result = await sendConfirmation(deps.ports, {
      requestId: meta.requestId,
      actor: actorOf(a),
      expectedStatus: meta.status,
      submission: submissionOf(a),
    });
    await finish(deps, a, meta.locale, result);
  };
}
