import type { TaskModuleResponse } from '@microsoft/teams.api';
import { z } from 'zod';
import { assignRequest } from '../../app/assign.js';
import { replyToVendor } from '../../app/conversation.js';
import { fixContact } from '../../app/fixContact.js';
import { findRequest } from '../../app/queries.js';
import { reenterFnrAndResend } from '../../app/reenterFnr.js';
import type { RequestRow } from '../../app/rows.js';
import { answerInformation, askForInformation, recordAltinnStep, registerLoginFnr, rejectRequest, sendConfirmation } from '../../app/staffSteps.js';
import type { TransitionResult } from '../../app/transition.js';
import { formatReference } from '../../domain/reference.js';
import { texts, type Locale } from '../../domain/texts/index.js';
import { actorOf } from '../clicker.js';
import { dialogAnswer, dialogMessage, staleDialogAnswer, type TeamsHandlerDeps } from '../respond.js';
import { lookUpAssignee, type Roster } from '../roster.js';
import {
  askInfoDialog,
  assignDialog,
  fictitiousOrgDialog,
  fixContactDialog,
  registerFnrDialog,
  rejectDialog,
  replyDialog,
  resumeDialog,
  TEST_IDENTITY_ON,
  type Dialog,
  type DialogState,
} from '../views/dialogs.js';
import { parseStaffClick, stepOfVerb, type StaffClick } from './click.js';

/** A `task/submit` invoke's value: the dialog's submit data (verb, request, status) and its inputs. */
const submitValue = z.object({ data: z.object({ verb: z.string().max(100) }).loose() });
const inputsSchema = z.record(z.string(), z.unknown());

/** The inputs as typed (strings only; anything else is read as empty), bounded. */
function inputsOf(data: Record<string, unknown>): Record<string, string> {
  const parsed = inputsSchema.safeParse(data);
  const out: Record<string, string> = {};
  if (!parsed.success) return out;
  for (const [k, v] of Object.entries(parsed.data)) if (typeof v === 'string' && k !== 'verb' && k !== 'r' && k !== 's' && k !== 'x' && k !== 'k') out[k] = v.slice(0, 4000);
  return out;
}

interface Submission {
  click: StaffClick;
  request: RequestRow;
  values: Record<string, string>;
  locale: Locale;
}

/** The dialog again with the errors under their inputs, the inputs keeping what was typed. */
const again = (s: Submission, view: (r: RequestRow, l: Locale, st: DialogState) => Dialog, errors: Record<string, string>) =>
  // The dialog keeps the status it was opened for, so that the next submission is checked against it too.
  dialogAnswer(view({ ...s.request, status: s.click.data.s }, s.locale, { values: s.values, errors, ...(s.click.data.k ? { key: s.click.data.k } : {}) }));

/** Success closes the dialog (the card is updated through the outbox); a stale request says it moved on. */
async function finish(deps: TeamsHandlerDeps, s: Submission, result: TransitionResult): Promise<TaskModuleResponse | undefined> {
  if (result.kind === 'ok') return undefined;
  if (result.kind === 'not_found') return dialogMessage(texts(s.locale).staff.notFound);
  return staleDialogAnswer(deps, result.request, s.locale);
}

/**
 * `task/submit`: a dialog of the card's steps was submitted. The submitter is checked again (a dialog
 * outlives its click), then the same use case as Slack's modal runs. Validation errors answer with the
 * dialog again, each under its input, in the staff member's language; success closes the dialog.
 * Returns undefined for a verb that is not the card's (another handler's) — and on success (no body:
 * Teams closes the dialog); `handled` says which.
 */
export async function dialogSubmitted(
  deps: TeamsHandlerDeps,
  activity: { value?: unknown },
  roster: Roster,
): Promise<{ handled: false } | { handled: true; answer: TaskModuleResponse | undefined }> {
  const value = submitValue.safeParse(activity.value);
  const step = value.success ? stepOfVerb(value.data.data.verb) : undefined;
  if (!value.success || !step) return { handled: false };
  const parsed = await parseStaffClick(deps, activity, step, value.data.data);
  if (!parsed.ok) return { handled: true, answer: dialogMessage(parsed.text) };
  const click = parsed.click;
  const locale = click.who.locale;
  const request = await findRequest(deps.ports, click.data.r);
  if (!request) return { handled: true, answer: dialogMessage(texts(locale).staff.notFound) };
  const s: Submission = { click, request, values: inputsOf(value.data.data), locale };
  return { handled: true, answer: await submit(deps, s, roster) };
}

async function submit(deps: TeamsHandlerDeps, s: Submission, roster: Roster): Promise<TaskModuleResponse | undefined> {
  const t = texts(s.locale);
  const actor = actorOf(s.click.who);
  const v = s.values;
  const expectedStatus = s.click.data.s;
  // The dialog's key: the same dialog submitted again once its step is done is that step (transition.ts).
  const submission = s.click.data.k;
  const requestId = s.request.id;
  const confirmed = v.test_identity === TEST_IDENTITY_ON;
  switch (s.click.step) {
    case 'altinn': {
      const result = await recordAltinnStep(deps.ports, { requestId, actor, expectedStatus, submission, fictitiousOrgNumber: v.fictitious_org_number ?? '' });
      if (result.kind !== 'invalid') return finish(deps, s, result);
      const e = result.error;
      const message = e === 'same_as_vendor' ? t.staff.errors.same_as_vendor : e === 'required' ? t.staff.errors.required : t.errors[e];
      return again(s, fictitiousOrgDialog, { fictitious_org_number: message });
    }
    case 'registerFnr': {
      const result = await registerLoginFnr(deps.ports, { requestId, actor, expectedStatus, submission, fnr: v.login_fnr ?? '', confirmedTestIdentity: confirmed });
      if (result.kind !== 'invalid') return finish(deps, s, result);
      const field = result.error === 'fnr_needs_confirmation' ? 'test_identity' : 'login_fnr';
      return again(s, registerFnrDialog, { [field]: t.staff.errors[result.error] });
    }
    case 'retryMail': {
      // The fødselsnummer again for a given-up confirmation: checked as at its step, then sent again.
      const result = await reenterFnrAndResend(deps.ports, { requestId, actor, fnr: v.login_fnr ?? '', confirmedTestIdentity: confirmed });
      if (result.kind === 'invalid') {
        const field = result.error === 'fnr_needs_confirmation' ? 'test_identity' : 'login_fnr';
        const outboxId = Number(s.click.data.x);
        return again(s, (r, l, st) => registerFnrDialog(r, l, st, Number.isSafeInteger(outboxId) ? outboxId : 0), { [field]: t.staff.errors[result.error] });
      }
      if (result.kind === 'ok') return undefined;
      return dialogMessage(result.kind === 'not_found' ? t.staff.notFound : t.confirmation.nothingToRetry);
    }
    case 'askInfo': {
      const result = await askForInformation(deps.ports, { requestId, actor, expectedStatus, submission, question: v.question ?? '' });
      if (result.kind === 'invalid') return again(s, askInfoDialog, { question: t.staff.errors[result.error] });
      return finish(deps, s, result);
    }
    case 'reject': {
      const result = await rejectRequest(deps.ports, { requestId, actor, expectedStatus, submission, reason: v.reason ?? '' });
      if (result.kind === 'invalid') return again(s, rejectDialog, { reason: t.staff.errors[result.error] });
      return finish(deps, s, result);
    }
    case 'resume': {
      const result = await answerInformation(deps.ports, { requestId, actor, answer: v.answer ?? '', byStaff: true });
      if (result.kind === 'invalid') return again(s, resumeDialog, { answer: t.staff.errors[result.error] });
      return finish(deps, s, result);
    }
    case 'sendConfirmation':
      return finish(deps, s, await sendConfirmation(deps.ports, { requestId, actor, expectedStatus, submission }));
    case 'reply': {
      const result = await replyToVendor(deps.ports, { requestId, actor, text: v.reply ?? '' });
      if (result.kind === 'invalid') return again(s, replyDialog, { reply: t.staff.errors[result.error] });
      if (result.kind === 'not_found') return dialogMessage(t.staff.notFound);
      if (result.kind === 'closed') return dialogMessage(t.conversation.replyModal.closed(formatReference(result.request.number)));
      return undefined;
    }
    case 'assign':
      return assign(deps, s, roster);
    case 'fixContact': {
      const result = await fixContact(deps.ports, {
        requestId,
        actor,
        email: v.contact_email ?? '',
        phone: v.contact_phone ?? '',
        // Only when the dialog showed the customer's fields (a customer delegation).
        ...('customer_email' in v || 'customer_phone' in v ? { customer: { email: v.customer_email ?? '', phone: v.customer_phone ?? '' } } : {}),
      });
      if (result.kind === 'invalid') {
        return again(s, fixContactDialog, Object.fromEntries(Object.entries(result.errors).map(([field, e]) => [field, t.errors[e]])));
      }
      if (result.kind === 'not_found') return dialogMessage(t.staff.notFound);
      if (result.kind === 'purged') return dialogMessage(t.conversation.contactModal.purged);
      return undefined;
    }
    default:
      return dialogMessage(t.refusals.unreadableButton);
  }
}

/**
 * Assign: the chosen person (an Entra object id from the people picker) must be staff, checked now;
 * then looked up in the triage conversation's roster, which gives their name and Teams id (for the
 * card and the @mention), remembered before the assignment's notice is queued.
 */
async function assign(deps: TeamsHandlerDeps, s: Submission, roster: Roster): Promise<TaskModuleResponse | undefined> {
  const t = texts(s.locale);
  const m = t.conversation.assignModal;
  const chosen = z.uuid().safeParse(s.values.assignee ?? '');
  if (!chosen.success) return again(s, assignDialog, { assignee: m.notStaff });
  const verdict = await deps.staff.verdict({ aadObjectId: chosen.data, tenantId: deps.teams.tenantId });
  if (verdict === 'unavailable') return again(s, assignDialog, { assignee: m.checkFailed });
  if (verdict !== 'staff') return again(s, assignDialog, { assignee: m.notStaff });
  const found = await lookUpAssignee(deps, roster, s.click.who, chosen.data);
  if (found === 'unavailable') return again(s, assignDialog, { assignee: m.checkFailed });
  if (found === 'not_in_team') return again(s, assignDialog, { assignee: m.notInTeam });
  const result = await assignRequest(deps.ports, { requestId: s.request.id, actor: actorOf(s.click.who), assigneeUserId: chosen.data, assigneeIsStaff: true });
  if (result.kind === 'invalid') return again(s, assignDialog, { assignee: m.notStaff });
  if (result.kind === 'not_found') return dialogMessage(t.staff.notFound);
  if (result.kind === 'closed') return dialogMessage(m.closed(formatReference(result.request.number)));
  return undefined;
}
