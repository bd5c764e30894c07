/**
 * The steps a triage card offers, by the id its buttons carry: Slack's action ids and Teams'
 * `Action.Execute` verbs are the same names, so a step is named once for both platforms.
 */
export const CARD_STEP = {
  claim: 'card_claim',
  assign: 'card_assign',
  resume: 'card_resume',
  altinn: 'card_altinn',
  registerFnr: 'card_register_fnr',
  sendConfirmation: 'card_send_confirmation',
  askInfo: 'card_ask_info',
  reject: 'card_reject',
  recheck: 'card_recheck_register',
  retryMail: 'card_retry_mail',
  reply: 'card_reply_vendor',
  fixContact: 'card_fix_contact',
} as const;
