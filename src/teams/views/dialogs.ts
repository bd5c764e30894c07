import type { CardElement, IAdaptiveCard, IChoiceSetInput, ISubmitAction, ITextBlock, ITextInput, IToggleInput } from '@microsoft/teams.cards';
import type { MailPreview } from '../../app/confirmationPreview.js';
import type { RequestRow } from '../../app/rows.js';
import { CARD_STEP } from '../../domain/cardSteps.js';
import { maskFnr } from '../../domain/fnr.js';
import { formatReference } from '../../domain/reference.js';
import { texts, type Locale } from '../../domain/texts/index.js';
import { cardMarkdown, plain } from './markdown.js';

/**
 * The dialogs (task modules) of the card's steps: Adaptive Cards whose inputs carry the same ids as the
 * Slack modals' blocks. Teams has no per-field errors of its own: a submission with errors is answered
 * with the same dialog again, each error in a TextBlock under its input, the inputs keeping their values.
 */
export interface DialogState {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  /**
   * This dialog's own id (given when it opens, kept when it is shown again with errors), carried back on
   * submit: the same dialog submitted again after its step was done is that one step, as Slack's view id.
   */
  key?: string;
}

/** What the dialog's submit button carries back (with the inputs) in `task/submit`. */
export interface DialogSubmitData {
  verb: string;
  r: string;
  s: string;
  x?: string;
  /** The dialog's key (DialogState.key). */
  k?: string;
}

/** The value of the fødselsnummer dialog's confirmation toggle when it is on. */
export const TEST_IDENTITY_ON = 'confirmed_test_identity';

export interface Dialog {
  title: string;
  card: IAdaptiveCard;
}

const textBlock = (s: string, o: Partial<ITextBlock> = {}): ITextBlock => ({ type: 'TextBlock', text: s, wrap: true, ...o });

/** The error under an input: the attention colour, the staff member's language. */
const errorUnder = (id: string, state: DialogState): ITextBlock[] => {
  const e = state.errors?.[id];
  return e ? [textBlock(cardMarkdown(e), { color: 'Attention', size: 'Small', spacing: 'None' })] : [];
};

function textInput(
  id: string,
  label: string,
  state: DialogState,
  o: { multiline?: boolean; maxLength?: number; placeholder?: string; initial?: string | null; style?: ITextInput['style']; hint?: string } = {},
): CardElement[] {
  const value = state.values?.[id] ?? o.initial ?? undefined;
  const input: ITextInput = {
    type: 'Input.Text',
    id,
    label,
    ...(o.multiline ? { isMultiline: true } : {}),
    ...(o.maxLength ? { maxLength: o.maxLength } : {}),
    ...(o.placeholder ? { placeholder: o.placeholder } : {}),
    ...(o.style ? { style: o.style } : {}),
    ...(value ? { value } : {}),
  };
  return [input, ...errorUnder(id, state), ...(o.hint ? [textBlock(cardMarkdown(o.hint), { isSubtle: true, size: 'Small', spacing: 'None' })] : [])];
}

function dialogCard(title: string, submit: string, data: DialogSubmitData, body: CardElement[]): Dialog {
  const action: ISubmitAction = { type: 'Action.Submit', title: submit, style: 'positive', data };
  return {
    title,
    card: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, actions: [action] },
  };
}

const dataOf = (verb: string, r: RequestRow, state: DialogState, x?: string): DialogSubmitData => ({
  verb,
  r: r.id,
  s: r.status,
  ...(x ? { x } : {}),
  ...(state.key ? { k: state.key } : {}),
});

export function fictitiousOrgDialog(r: RequestRow, locale: Locale, state: DialogState = {}): Dialog {
  const t = texts(locale);
  const m = t.staff.fictitiousModal;
  return dialogCard(m.title, m.submit, dataOf(CARD_STEP.altinn, r, state), [
    textBlock(cardMarkdown(m.intro(formatReference(r.number), plain(r.vendorOrgName)))),
    ...textInput('fictitious_org_number', m.label, state, { placeholder: t.intake.placeholders.orgNumber, maxLength: 20 }),
  ]);
}

/** The fødselsnummer step; `reenterOutboxId`: the same for a given-up confirmation whose number was deleted. */
export function registerFnrDialog(r: RequestRow, locale: Locale, state: DialogState = {}, reenterOutboxId?: number): Dialog {
  const m = texts(locale).staff.fnrModal;
  const ref = formatReference(r.number);
  const reenter = reenterOutboxId !== undefined;
  const toggle: IToggleInput = {
    type: 'Input.Toggle',
    id: 'test_identity',
    label: m.confirmLabel,
    title: m.confirmOption,
    valueOn: TEST_IDENTITY_ON,
    valueOff: '',
    wrap: true,
    ...(state.values?.test_identity === TEST_IDENTITY_ON ? { value: TEST_IDENTITY_ON } : {}),
  };
  return dialogCard(
    m.title,
    reenter ? m.reenterSubmit : m.submit,
    reenter ? dataOf(CARD_STEP.retryMail, r, state, String(reenterOutboxId)) : dataOf(CARD_STEP.registerFnr, r, state),
    [
      ...(reenter ? [textBlock(cardMarkdown(m.reenterIntro(ref)))] : []),
      textBlock(cardMarkdown(m.intro(ref))),
      ...textInput('login_fnr', m.label, state, { maxLength: 20, hint: m.hint }),
      toggle,
      ...errorUnder('test_identity', state),
    ],
  );
}

function freeTextDialog(verb: string, id: string, m: { title: string; submit: string; label: string }, intro: string, r: RequestRow, state: DialogState, initial?: string | null, hint?: string): Dialog {
  return dialogCard(m.title, m.submit, dataOf(verb, r, state), [
    textBlock(cardMarkdown(intro), { isSubtle: true }),
    ...textInput(id, m.label, state, { multiline: true, maxLength: 2000, initial, ...(hint ? { hint } : {}) }),
  ]);
}

export function askInfoDialog(r: RequestRow, locale: Locale, state: DialogState = {}): Dialog {
  const m = texts(locale).staff.askModal;
  return freeTextDialog(CARD_STEP.askInfo, 'question', m, m.intro, r, state);
}

export function rejectDialog(r: RequestRow, locale: Locale, state: DialogState = {}): Dialog {
  const m = texts(locale).staff.rejectModal;
  return freeTextDialog(CARD_STEP.reject, 'reason', m, m.intro, r, state);
}

export function replyDialog(r: RequestRow, locale: Locale, state: DialogState = {}): Dialog {
  const m = texts(locale).conversation.replyModal;
  return freeTextDialog(CARD_STEP.reply, 'reply', m, m.intro, r, state);
}

/** "Resume": the vendor's latest reply, if there is one, pre-fills the answer. */
export function resumeDialog(r: RequestRow, locale: Locale, state: DialogState = {}): Dialog {
  const m = texts(locale).conversation.resumeModal;
  const reply = r.lastVendorReply?.slice(0, 2000) ?? null;
  return freeTextDialog(CARD_STEP.resume, 'answer', m, m.intro(formatReference(r.number)), r, state, reply, reply ? m.fromThread : undefined);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A people picker: Teams fills it from the organisation's directory (`graph.microsoft.com/users`,
 * with the staff member's own rights) and sends the chosen person's Entra object id. It cannot be
 * limited to a group, so the submission checks that the choice is staff.
 */
export function assignDialog(r: RequestRow, locale: Locale, state: DialogState = {}): Dialog {
  const m = texts(locale).conversation.assignModal;
  const current = state.values?.assignee ?? (r.assigneeUserId && GUID.test(r.assigneeUserId) ? r.assigneeUserId : undefined);
  const picker: IChoiceSetInput = {
    type: 'Input.ChoiceSet',
    id: 'assignee',
    label: m.label,
    choices: [],
    'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
    ...(current ? { value: current } : {}),
  };
  return dialogCard(m.title, m.submit, dataOf(CARD_STEP.assign, r, state), [
    textBlock(cardMarkdown(m.intro(formatReference(r.number))), { isSubtle: true }),
    picker,
    ...errorUnder('assignee', state),
  ]);
}

export function fixContactDialog(r: RequestRow, locale: Locale, state: DialogState = {}): Dialog {
  const t = texts(locale);
  const m = t.conversation.contactModal;
  const p = t.intake.placeholders;
  // A customer delegation's customer gets an email of its own: its address can be wrong too.
  const customer: CardElement[] =
    r.accessType === 'customer_delegation'
      ? [
          textBlock(cardMarkdown(m.customerIntro(plain(r.customerOrgName ?? r.customerOrgNumber ?? ''))), { isSubtle: true, separator: true }),
          ...textInput('customer_email', m.customerEmail, state, { initial: r.customerEmail, placeholder: p.email, style: 'Email', maxLength: 254 }),
          ...textInput('customer_phone', m.customerPhone, state, { initial: r.customerPhone, placeholder: p.phone, style: 'Tel', maxLength: 64 }),
        ]
      : [];
  return dialogCard(m.title, m.submit, dataOf(CARD_STEP.fixContact, r, state), [
    textBlock(cardMarkdown(m.intro(formatReference(r.number))), { isSubtle: true }),
    ...textInput('contact_email', m.email, state, { initial: r.contactEmail, placeholder: p.email, style: 'Email', maxLength: 254 }),
    ...textInput('contact_phone', m.phone, state, { initial: r.contactPhone, placeholder: p.phone, style: 'Tel', maxLength: 64 }),
    ...customer,
  ]);
}

/** The confirmation as it will be sent (the fødselsnummer masked); its button sends it. */
export function confirmationPreviewDialog(
  r: RequestRow,
  mail: MailPreview,
  names: { to: string; customer?: { name: string; address: string } },
  locale: Locale,
  state: DialogState = {},
): Dialog {
  const t = texts(locale).confirmation;
  const body = r.loginFnr ? mail.text.split(r.loginFnr).join(maskFnr(r.loginFnr)) : mail.text;
  // Fact values take Markdown too: names and addresses (an underscore in one) are shown as typed.
  const facts = [
    { title: t.to, value: plain(`${names.to} <${mail.to.join(', ')}>`) },
    ...(mail.cc?.length ? [{ title: t.cc, value: plain(mail.cc.join(', ')) }] : []),
    ...(mail.bcc?.length ? [{ title: t.bcc, value: plain(mail.bcc.join(', ')) }] : []),
    { title: t.subject, value: plain(mail.subject) },
  ];
  return dialogCard(t.title, t.submit, dataOf(CARD_STEP.sendConfirmation, r, state), [
    textBlock(cardMarkdown(t.intro), { isSubtle: true }),
    { type: 'FactSet', facts },
    ...(names.customer ? [textBlock(cardMarkdown(t.customerAlso(plain(names.customer.name), plain(names.customer.address))), { isSubtle: true })] : []),
    { type: 'Container', style: 'emphasis', items: body.split(/\n{2,}/).map((para) => textBlock(plain(para).replace(/\n/g, '\n\n'))) },
  ]);
}
