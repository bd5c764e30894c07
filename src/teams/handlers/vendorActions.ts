import { randomUUID } from 'node:crypto';
import type { AdaptiveCardActionResponse, TaskModuleResponse } from '@microsoft/teams.api';
import { z } from 'zod';
import { recordFeedback } from '../../app/feedback.js';
import { findRequest } from '../../app/queries.js';
import { answerInformation, withdrawRequest } from '../../app/staffSteps.js';
import { teamsPeople } from '../../app/teamsPeople.js';
import { isOpen } from '../../domain/lifecycle.js';
import { formatReference } from '../../domain/reference.js';
import { statusLabel, texts } from '../../domain/texts/index.js';
import { actorOf, clickerOf } from '../clicker.js';
import { acceptedServiceUrl, connectorAt, updateCard } from '../connector.js';
import { auditTeamsRefusal, cardAnswer, dialogAnswer, dialogMessage, messageAnswer, type TeamsHandlerDeps } from '../respond.js';
import { intakeNoticeDialog, vendorTextDialog } from '../views/intakeDialog.js';
import { receiptCard, vendorNoteCard, VENDOR_VERB, type Mention } from '../views/vendorCards.js';

const requestData = z.object({ r: z.uuid() }).loose();
const executeValue = z.object({ action: z.object({ verb: z.string().max(100), data: z.unknown() }) });
const dialogValue = z.object({ data: z.object({ verb: z.string().max(100) }).loose() });

async function requesterOf(deps: TeamsHandlerDeps, userId: string): Promise<Mention | undefined> {
  const p = (await teamsPeople(deps.ports, [userId])).get(userId);
  return p ? { name: p.name, teamsUserId: p.teamsUserId } : undefined;
}

/**
 * `adaptiveCard/action` on the vendor's cards: Withdraw on the receipt, 👍 under the confirmation note.
 * The answer is the card as it is now for the clicker (the outbox updates it for everyone), or a
 * message only the clicker sees. Undefined: not a vendor verb.
 */
export async function vendorCardAction(deps: TeamsHandlerDeps, activity: { value?: unknown; replyToId?: string; conversation?: { id?: string } }): Promise<AdaptiveCardActionResponse | undefined> {
  const value = executeValue.safeParse(activity.value);
  if (!value.success) return undefined;
  const verb = value.data.action.verb;
  if (verb !== VENDOR_VERB.withdraw && verb !== VENDOR_VERB.feedbackUp) return undefined;
  const who = clickerOf(activity);
  if (!who) return messageAnswer(texts('nb').refusals.unreadableButton);
  const data = requestData.safeParse(value.data.action.data);
  if (!data.success) {
    await auditTeamsRefusal(deps, who, verb === VENDOR_VERB.withdraw ? 'withdraw' : 'feedback', null, 'malformed_value');
    return messageAnswer(texts(who.locale).refusals.unreadableButton);
  }
  const requestId = data.data.r;
  if (verb === VENDOR_VERB.withdraw) {
    // Users of another tenant are never staff (staff.ts); only the requester may withdraw then.
    const staff = await deps.staff.verdict(who);
    const result = await withdrawRequest(deps.ports, { requestId, actor: actorOf(who), actorIsStaff: staff === 'staff' });
    const request = await findRequest(deps.ports, requestId);
    const t = texts(request?.locale ?? who.locale);
    if (!request || result.kind === 'not_found') return messageAnswer(t.staff.notFound);
    if (result.kind === 'forbidden') {
      const reason = staff === 'unavailable' ? 'staff_check_failed' : 'not_requester';
      await auditTeamsRefusal(deps, who, 'withdraw', requestId, reason);
      return messageAnswer(reason === 'staff_check_failed' ? t.refusals.staffCheckFailed : t.vendor.onlyRequester);
    }
    if (result.kind === 'stale') {
      return messageAnswer(t.vendor.alreadyClosed(formatReference(request.number), statusLabel(t, request.status, request.accessType, 'vendor')));
    }
    return cardAnswer(receiptCard(request, await requesterOf(deps, request.requesterUserId)).card);
  }
  const result = await recordFeedback(deps.ports, { requestId, actor: actorOf(who), channelId: who.conversationId, value: 'up' });
  if (result.kind !== 'ok') return messageAnswer(texts(who.locale).refusals.unreadableButton);
  const answered = vendorNoteCard({ kind: 'confirmation_sent', recipientName: result.request.contactName }, result.request, { answered: { value: 'up' } });
  await replaceForEveryone(deps, activity, answered.card, answered.summary);
  return cardAnswer(answered.card);
}

/** The answered note for everyone, not only the clicker (best effort: the answer is stored either way). */
async function replaceForEveryone(deps: TeamsHandlerDeps, activity: { replyToId?: string; serviceUrl?: unknown; conversation?: { id?: string } }, card: Parameters<typeof updateCard>[3], summary: string): Promise<void> {
  const conversationId = activity.conversation?.id;
  if (!activity.replyToId || !conversationId) return;
  const connector = connectorAt(deps.sdk, acceptedServiceUrl(deps.teams.serviceUrl, activity.serviceUrl));
  await updateCard(deps.sdk, conversationId, activity.replyToId, card, summary, connector).catch((err: Error) =>
    deps.logger.warn({ err: err.message }, 'could not replace the feedback buttons'),
  );
}

/**
 * A vendor dialog's activity (Answer, 👎's why), opened or submitted: undefined when not ours, an
 * answer when it cannot go on (unreadable, no such request), else who clicked, on what, with the data.
 */
async function vendorDialogOf(deps: TeamsHandlerDeps, activity: { value?: unknown }) {
  const value = dialogValue.safeParse(activity.value);
  const verb = value.success ? value.data.data.verb : undefined;
  if (verb !== VENDOR_VERB.answer && verb !== VENDOR_VERB.feedbackDown) return undefined;
  const who = clickerOf(activity);
  const data = requestData.safeParse(value.data?.data);
  if (!who || !data.success) return { answer: dialogMessage(texts(who?.locale ?? 'nb').refusals.unreadableButton) };
  const request = await findRequest(deps.ports, data.data.r);
  if (!request) return { answer: dialogMessage(texts(who.locale).staff.notFound) };
  return { verb, who, request, data: data.data };
}

/**
 * `task/fetch` from the vendor's cards: Answer under a question (a dialog in the request's language),
 * 👎 under the confirmation note (stored at the click, as in Slack, then one line of why). Undefined: not ours.
 */
export async function vendorDialogOpened(deps: TeamsHandlerDeps, activity: { value?: unknown; replyToId?: string; conversation?: { id?: string } }): Promise<TaskModuleResponse | undefined> {
  const dialog = await vendorDialogOf(deps, activity);
  if (!dialog || 'answer' in dialog) return dialog?.answer;
  const { verb, who, request } = dialog;
  const t = texts(request.locale);
  const ref = formatReference(request.number);
  if (verb === VENDOR_VERB.answer) {
    if (request.status !== 'needs_info' || request.channelId !== who.conversationId) {
      return dialogMessage(isOpen(request.status) ? t.vendor.noQuestion(ref) : t.vendor.alreadyClosed(ref, statusLabel(t, request.status, request.accessType, 'vendor')));
    }
    // Its own key, carried back on submit: sent again after a slow answer, it is the one answer (transition.ts).
    return dialogAnswer(answerDialog(request, randomUUID()));
  }
  const result = await recordFeedback(deps.ports, { requestId: request.id, actor: actorOf(who), channelId: who.conversationId, value: 'down' });
  if (result.kind !== 'ok') return dialogMessage(t.refusals.unreadableButton);
  const answered = vendorNoteCard({ kind: 'confirmation_sent', recipientName: request.contactName }, request, { answered: { value: 'down' } });
  await replaceForEveryone(deps, activity, answered.card, answered.summary);
  return dialogAnswer(whyDialog(request));
}

const answerDialog = (r: { id: string; number: number; openQuestion: string | null; locale: 'nb' | 'en' }, key: string | undefined, error?: string, value?: string) => {
  const t = texts(r.locale).answerModal;
  return vendorTextDialog({
    title: t.title,
    submit: t.submit,
    intro: `**${t.question}** (${formatReference(r.number)})\n\n${(r.openQuestion ?? '').replace(/([\\*_[\]()~`])/g, '\\$1')}`,
    id: 'answer',
    label: t.label,
    hint: t.hint,
    maxLength: 2000,
    ...(value ? { value } : {}),
    ...(error ? { error } : {}),
    data: { verb: VENDOR_VERB.answer, r: r.id, ...(key ? { k: key } : {}) },
  });
};

const whyDialog = (r: { id: string; locale: 'nb' | 'en' }, error?: string, value?: string) => {
  const f = texts(r.locale).feedback;
  return vendorTextDialog({
    title: f.modalTitle,
    submit: f.modalSubmit,
    id: 'feedback_why',
    label: f.modalLabel,
    hint: f.modalHint,
    maxLength: 300,
    ...(value ? { value } : {}),
    ...(error ? { error } : {}),
    data: { verb: VENDOR_VERB.feedbackDown, r: r.id },
  });
};

/** `task/submit` of the vendor's dialogs: the answer to a question, the 👎's why. Undefined: not ours. */
export async function vendorDialogSubmitted(deps: TeamsHandlerDeps, activity: { value?: unknown }): Promise<TaskModuleResponse | undefined> {
  const dialog = await vendorDialogOf(deps, activity);
  if (!dialog || 'answer' in dialog) return dialog?.answer;
  const { verb, who, request, data } = dialog;
  const t = texts(request.locale);
  const typed = (id: string) => {
    const v = data[id];
    return typeof v === 'string' ? v.slice(0, 5000) : '';
  };
  if (verb === VENDOR_VERB.answer) {
    // Only from the request's own conversation, as the button is.
    if (request.channelId !== who.conversationId) return dialogMessage(t.vendor.noQuestion(formatReference(request.number)));
    const key = typeof data.k === 'string' ? data.k.slice(0, 64) : undefined;
    const result = await answerInformation(deps.ports, { requestId: request.id, actor: actorOf(who), answer: typed('answer'), submission: key });
    if (result.kind === 'invalid') return dialogAnswer(answerDialog(request, key, t.staff.errors[result.error], typed('answer')));
    if (result.kind === 'ok') return dialogAnswer(intakeNoticeDialog(request.locale, t.answerModal.title, t.answerModal.thanks));
    if (result.kind === 'not_found') return dialogMessage(t.staff.notFound);
    const ref = formatReference(result.request.number);
    return dialogMessage(isOpen(result.request.status) ? t.vendor.noQuestion(ref) : t.vendor.alreadyClosed(ref, t.status[result.request.status]));
  }
  const result = await recordFeedback(deps.ports, { requestId: request.id, actor: actorOf(who), channelId: who.conversationId, value: 'down', comment: typed('feedback_why') });
  if (result.kind === 'invalid') return dialogAnswer(whyDialog(request, t.staff.errors[result.error], typed('feedback_why')));
  if (result.kind !== 'ok') return dialogMessage(t.refusals.unreadableButton);
  return dialogAnswer(intakeNoticeDialog(request.locale, t.feedback.modalTitle, t.feedback.thanksNo));
}
