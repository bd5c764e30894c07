import { INTAKE_CALLBACK_ID } from '../../views/intakeModal.js';
import { STAFF_MODAL } from '../../views/staffModals.js';
import type { SlackDeps } from '../../deps.js';
import type { App } from '@slack/bolt';
import { FEEDBACK_MODAL_ID } from '../../views/feedbackModal.js';
import { feedbackWhySubmitted } from './feedbackSubmission.js';
import { CONVERSATION_MODAL } from '../../views/conversationModals.js';
import { assignSubmitted, fixContactSubmitted, replySubmitted, resumeSubmitted } from './conversationSubmissions.js';
import { intakeSubmitted } from './intakeSubmission.js';
import { altinnBatchSubmitted } from './altinnBatchSubmission.js';
import { ALTINN_BATCH_CALLBACK_ID } from '../../views/altinnBatch.js';
import {
  answerSubmitted,
  askInfoSubmitted,
  confirmationSubmitted,
  fictitiousOrgSubmitted,
  loginFnrSubmitted,
  reenteredFnrSubmitted,
  rejectSubmitted,
} from './staffSubmissions.js';

/** One listener per modal callback_id, as Bolt documents; the handlers live in their own files. */
export function registerViews(app: App, deps: SlackDeps): void {
  app.view(INTAKE_CALLBACK_ID, intakeSubmitted(deps));
  app.view(STAFF_MODAL.fictitiousOrg, fictitiousOrgSubmitted(deps));
  app.view(STAFF_MODAL.registerFnr, loginFnrSubmitted(deps));
  app.view(STAFF_MODAL.reenterFnr, reenteredFnrSubmitted(deps));
  app.view(STAFF_MODAL.askInfo, askInfoSubmitted(deps));
  app.view(STAFF_MODAL.reject, rejectSubmitted(deps));
  app.view(STAFF_MODAL.sendConfirmation, confirmationSubmitted(deps));
  app.view(STAFF_MODAL.answerInfo, answerSubmitted(deps));
  app.view(FEEDBACK_MODAL_ID, feedbackWhySubmitted(deps));
  app.view(CONVERSATION_MODAL.reply, replySubmitted(deps));
  app.view(CONVERSATION_MODAL.resume, resumeSubmitted(deps));
  app.view(CONVERSATION_MODAL.assign, assignSubmitted(deps));
  app.view(CONVERSATION_MODAL.fixContact, fixContactSubmitted(deps));
  app.view(ALTINN_BATCH_CALLBACK_ID, altinnBatchSubmitted(deps));
}
