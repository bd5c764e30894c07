import { randomUUID } from 'node:crypto';
import type { TaskModuleResponse } from '@microsoft/teams.api';
import { z } from 'zod';
import { previewConfirmation } from '../../app/confirmationPreview.js';
import { refreshCard } from '../../app/refreshCard.js';
import type { RequestRow } from '../../app/rows.js';
import { isOpen } from '../../domain/lifecycle.js';
import { texts, type Locale } from '../../domain/texts/index.js';
import { dialogAnswer, dialogMessage, staleDialogAnswer, type TeamsHandlerDeps } from '../respond.js';
import {
  askInfoDialog,
  assignDialog,
  confirmationPreviewDialog,
  fictitiousOrgDialog,
  fixContactDialog,
  registerFnrDialog,
  rejectDialog,
  replyDialog,
  resumeDialog,
  type Dialog,
  type DialogState,
} from '../views/dialogs.js';
import { currentFor, parseStaffClick, stepOfVerb, type CardStep } from './click.js';

/** The part of a `task/fetch` invoke's value the handler reads: the button's data, with its verb. */
const fetchValue = z.object({ data: z.object({ verb: z.string().max(100) }).loose() });

/** Steps outside the lifecycle: when their dialog may open (otherwise the card is refreshed). */
const FITS: Partial<Record<CardStep, (r: RequestRow) => boolean>> = {
  reply: (r) => !r.purgedAt && !!r.receiptTs && isOpen(r.status),
  assign: (r) => isOpen(r.status),
  fixContact: (r) => !r.purgedAt,
  // Only while a given-up confirmation waits for its fødselsnummer.
  retryMail: (r) => !r.purgedAt && !r.loginFnr && !r.loginFnrErasedAt,
};

const DIALOGS: Partial<Record<CardStep, (r: RequestRow, l: Locale, state: DialogState) => Dialog>> = {
  altinn: fictitiousOrgDialog,
  registerFnr: registerFnrDialog,
  askInfo: askInfoDialog,
  reject: rejectDialog,
  resume: resumeDialog,
  reply: replyDialog,
  assign: assignDialog,
  fixContact: fixContactDialog,
};

/**
 * `task/fetch`: a card button whose step needs input asks for its dialog. Staff only (as a click); a
 * stale card is refreshed and the dialog says the request moved on. Returns undefined for a verb that
 * is not the card's (another handler's).
 */
export async function dialogOpened(deps: TeamsHandlerDeps, activity: { value?: unknown }): Promise<TaskModuleResponse | undefined> {
  const value = fetchValue.safeParse(activity.value);
  const step = value.success ? stepOfVerb(value.data.data.verb) : undefined;
  if (!value.success || !step) return undefined;
  const parsed = await parseStaffClick(deps, activity, step, value.data.data);
  if (!parsed.ok) return dialogMessage(parsed.text);
  const click = parsed.click;
  const locale = click.who.locale;
  const t = texts(locale);
  const current = await currentFor(deps, click, FITS[step]);
  if (current.kind === 'not_found') return dialogMessage(t.staff.notFound);
  if (current.kind === 'stale') return staleDialogAnswer(deps, current.request, locale);
  const request = current.request;
  // Each dialog its own key: submitted again once its step is done, it is that one step (dialogSubmit.ts).
  const state = { key: randomUUID() };
  if (step === 'sendConfirmation') {
    const preview = previewConfirmation(deps.ports, request);
    if (preview.kind === 'not_ready') {
      deps.logger.error({ err: preview.error, requestId: request.id }, 'confirmation could not be built');
      return dialogMessage(t.confirmation.notReady);
    }
    return dialogAnswer(confirmationPreviewDialog(request, preview.mail, preview.names, locale, state));
  }
  if (step === 'retryMail') {
    const outboxId = Number(click.data.x);
    if (!Number.isSafeInteger(outboxId)) return dialogMessage(t.confirmation.nothingToRetry);
    return dialogAnswer(registerFnrDialog(request, locale, state, outboxId));
  }
  // A customer delegation's Altinn step is one click (Action.Execute); its dialog exists only for a fictitious enterprise.
  if (step === 'altinn' && request.accessType !== 'fictitious_enterprise') {
    await refreshCard(deps.ports, request.id);
    return dialogMessage(t.refusals.unreadableButton);
  }
  const dialog = DIALOGS[step];
  if (!dialog) return dialogMessage(t.refusals.unreadableButton);
  return dialogAnswer(dialog(request, locale, state));
}
