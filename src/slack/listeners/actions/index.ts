import type { App, BlockButtonAction } from '@slack/bolt';
import { OPEN_INTAKE_ACTION_ID } from '../../views/entryMessage.js';
import { ACCESS_TYPE_ACTION_ID, INTAKE_LANGUAGE_ACTION_ID } from '../../views/intakeModal.js';
import { WITHDRAW_ACTION_ID } from '../../views/receiptMessage.js';
import { askInfoModal, fictitiousOrgModal, registerFnrModal, rejectModal } from '../../views/staffModals.js';
import { CARD_ACTION } from '../../views/triageCard.js';
import { ANSWER_INFO_ACTION_ID, FEEDBACK_ACTION_ID } from '../../views/vendorNote.js';
import type { SlackDeps } from '../../deps.js';
import { accessTypeChanged } from './accessTypeChanged.js';
import { altinnBatchConfirmed } from './altinnBatchActions.js';
import { ALTINN_BATCH_CONFIRM_ACTION_ID } from '../../views/altinnBatch.js';
import { altinnClicked, claimClicked, modalClicked } from './cardActions.js';
import { recheckClicked, retryMailClicked, sendConfirmationClicked } from './confirmationActions.js';
import { feedbackClicked } from './feedbackActions.js';
import { intakeLanguageSwitched } from './intakeLanguage.js';
import { openIntakeFromButton } from './openIntakeButton.js';
import { orgNumberTyped } from './orgNumberTyped.js';
import { answerClicked, withdrawClicked } from './vendorActions.js';
import { homeAltinnBatchClicked, homeClaimClicked, homeOpenClicked, homeRequestAccessClicked } from './homeActions.js';
import { HOME_ACTION } from '../../views/home.js';
import { openCardModal } from './conversationActions.js';
import { assignModal, fixContactModal, replyModal, resumeModal } from '../../views/conversationModals.js';
import { isOpen } from '../../../domain/lifecycle.js';

/** One listener per action_id, as Bolt documents; the handlers live in their own files. */
export function registerActions(app: App, deps: SlackDeps): void {
  // Vendor side
  app.action<BlockButtonAction>(OPEN_INTAKE_ACTION_ID, openIntakeFromButton(deps));
  app.action(ACCESS_TYPE_ACTION_ID, accessTypeChanged(deps));
  app.action<BlockButtonAction>(INTAKE_LANGUAGE_ACTION_ID, intakeLanguageSwitched(deps));
  app.action('vendor_org_number', orgNumberTyped(deps));
  app.action('customer_org_number', orgNumberTyped(deps));
  app.action<BlockButtonAction>(WITHDRAW_ACTION_ID, withdrawClicked(deps));
  app.action<BlockButtonAction>(ANSWER_INFO_ACTION_ID, answerClicked(deps));
  app.action<BlockButtonAction>(FEEDBACK_ACTION_ID.up, feedbackClicked(deps, 'up'));
  app.action<BlockButtonAction>(FEEDBACK_ACTION_ID.down, feedbackClicked(deps, 'down'));
  // Staff: the triage card
  app.action<BlockButtonAction>(ALTINN_BATCH_CONFIRM_ACTION_ID, altinnBatchConfirmed(deps));
  app.action<BlockButtonAction>(CARD_ACTION.claim, claimClicked(deps));
  app.action<BlockButtonAction>(CARD_ACTION.altinn, altinnClicked(deps, fictitiousOrgModal));
  app.action<BlockButtonAction>(CARD_ACTION.registerFnr, modalClicked(deps, 'register_fnr', registerFnrModal));
  app.action<BlockButtonAction>(CARD_ACTION.askInfo, modalClicked(deps, 'ask_info', askInfoModal));
  app.action<BlockButtonAction>(CARD_ACTION.reject, modalClicked(deps, 'reject', rejectModal));
  app.action<BlockButtonAction>(CARD_ACTION.sendConfirmation, sendConfirmationClicked(deps));
  app.action<BlockButtonAction>(CARD_ACTION.recheck, recheckClicked(deps));
  app.action<BlockButtonAction>(CARD_ACTION.retryMail, retryMailClicked(deps));
  // The Home tab
  app.action<BlockButtonAction>(HOME_ACTION.claim, homeClaimClicked(deps));
  app.action<BlockButtonAction>(HOME_ACTION.open, homeOpenClicked());
  app.action<BlockButtonAction>(HOME_ACTION.requestAccess, homeRequestAccessClicked(deps));
  app.action<BlockButtonAction>(HOME_ACTION.altinnBatch, homeAltinnBatchClicked(deps));
  // Staff: the conversation with the vendor, assignment, corrections
  app.action<BlockButtonAction>(CARD_ACTION.reply, openCardModal(deps, 'reply_vendor', replyModal, (r) => !r.purgedAt && !!r.receiptTs && isOpen(r.status)));
  app.action<BlockButtonAction>(CARD_ACTION.resume, modalClicked(deps, 'answer_info', resumeModal));
  app.action<BlockButtonAction>(CARD_ACTION.assign, openCardModal(deps, 'assign', assignModal, (r) => isOpen(r.status)));
  app.action<BlockButtonAction>(CARD_ACTION.fixContact, openCardModal(deps, 'fix_contact', fixContactModal));
}
