import type { CardElement, IAdaptiveCard, IExecuteAction, ISubmitAction, ITextBlock } from '@microsoft/teams.cards';
import type { VendorNote } from '../../app/effects.js';
import type { AccessType } from '../../domain/intake.js';
import { isOpen, type Status } from '../../domain/lifecycle.js';
import { formatReference } from '../../domain/reference.js';
import { statusLabel, texts, type Locale } from '../../domain/texts/index.js';
import { cardMarkdown, plain } from './markdown.js';

/**
 * The vendor's side in Teams: the entry card, the receipt (the root of the request's reply chain) and
 * the notes in that chain. Only what may be seen in a shared conversation: never an email address, a
 * phone number, a fødselsnummer or the contact's name (the confirmation note names the recipient, as
 * Slack's does).
 */

/** The verbs and dialog ids of the vendor's buttons (Action.Execute verbs, task/fetch data). */
export const VENDOR_VERB = {
  openIntake: 'vendor_open_intake',
  intake: 'vendor_intake',
  withdraw: 'vendor_withdraw',
  answer: 'vendor_answer',
  feedbackUp: 'vendor_feedback_up',
  feedbackDown: 'vendor_feedback_down',
} as const;

export interface VendorPost {
  card: IAdaptiveCard;
  summary: string;
}

/** A person to @mention in a vendor post (the requester, met at intake). */
export interface Mention {
  name: string;
  teamsUserId: string;
}

const text = (s: string, o: Partial<ITextBlock> = {}): ITextBlock => ({ type: 'TextBlock', text: s, wrap: true, ...o });

function card(body: CardElement[], fallbackText: string, actions: IAdaptiveCard['actions'] = [], mention?: Mention): IAdaptiveCard {
  const entities = mention ? [{ type: 'mention', text: mentionText(mention), mentioned: { id: mention.teamsUserId, name: mention.name } }] : [];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText,
    msteams: { width: 'full', ...(entities.length > 0 ? { entities } : {}) },
    body,
    ...(actions && actions.length > 0 ? { actions } : {}),
  } as IAdaptiveCard;
}

const mentionText = (m: Mention) => `<at>${m.name.replace(/[<>]/g, '')}</at>`;

/** A button that opens a dialog: an Action.Submit Teams turns into `task/fetch` (an Action.Execute answer cannot be a dialog). */
export function dialogButton(title: string, data: Record<string, unknown>, style?: 'positive' | 'destructive'): ISubmitAction {
  return { type: 'Action.Submit', title, data: { ...data, msteams: { type: 'task/fetch' } }, ...(style ? { style } : {}) } as ISubmitAction;
}

/** A one-click button (Universal Actions), with an Action.Submit fallback for old clients. */
function executeButton(title: string, verb: string, data: Record<string, unknown>, style?: 'positive' | 'destructive'): IExecuteAction {
  const fallback: ISubmitAction = { type: 'Action.Submit', title, data: { ...data, verb } };
  return { type: 'Action.Execute', title, verb, data, ...(style ? { style } : {}), fallback } as IExecuteAction;
}

/**
 * The entry card, posted when the app is added to a vendor conversation and again when @mentioned
 * there. Both languages: the conversation is shared. Its button opens the intake dialog.
 */
export function entryCard(primary: Locale = 'nb'): VendorPost {
  const t = texts(primary);
  const other = texts(primary === 'nb' ? 'en' : 'nb');
  return {
    summary: `${t.entry.text} / ${other.entry.text}`,
    card: card(
      [text(cardMarkdown(t.entry.intro)), text(cardMarkdown(other.entry.intro.replace(/\n/g, ' ')), { isSubtle: true, size: 'Small' })],
      `${t.entry.text} / ${other.entry.text}`,
      [dialogButton(`${t.entry.button} / ${other.entry.button}`, { verb: VENDOR_VERB.openIntake }, 'positive')],
    ),
  };
}

/** What the receipt shows: the request without personal data. */
export interface VendorReceiptModel {
  id: string;
  number: number;
  status: Status;
  accessType: AccessType;
  vendorOrgName: string;
  locale: Locale;
}

/** The receipt: the root of the request's reply chain, its status kept current, Withdraw while open. */
export function receiptCard(r: VendorReceiptModel, requester?: Mention): VendorPost {
  const t = texts(r.locale);
  const ref = formatReference(r.number);
  const who = requester ? mentionText(requester) : '—';
  const body: CardElement[] = [
    text(`📥 **${plain(t.receipt.title(ref))}**`, { size: 'Medium' }),
    text(cardMarkdown(t.receipt.body(who, plain(r.vendorOrgName), t.accessType[r.accessType]))),
    text(`**${t.card.status}:** ${cardMarkdown(statusLabel(t, r.status, r.accessType, 'vendor'))} · ${ref}`, { isSubtle: true, size: 'Small' }),
  ];
  const actions = isOpen(r.status) ? [executeButton(t.vendor.withdraw, VENDOR_VERB.withdraw, { r: r.id }, 'destructive')] : [];
  return { summary: t.receipt.text(ref), card: card(body, t.receipt.text(ref), actions, requester) };
}

/**
 * A progress note in the reply chain, in the request's language. A question carries the Answer button
 * (a dialog), the confirmation note asks "Did this work for you?" (👍 / 👎) until it is answered.
 */
export function vendorNoteCard(
  note: VendorNote,
  r: { id: string; accessType: AccessType; locale: Locale },
  o: { requester?: Mention; answered?: { value: 'up' | 'down' } } = {},
): VendorPost {
  const l = texts(r.locale);
  const t = l.notes;
  const quote = (s: string) => plain(s).replace(/\n/g, '\n\n');
  let s: string;
  let mention: Mention | undefined;
  switch (note.kind) {
    case 'altinn_done':
      s = cardMarkdown(r.accessType === 'customer_delegation' ? t.altinnCustomer : t.altinnFictitious);
      break;
    case 'fnr_registered':
      s = cardMarkdown(t.fnrRegistered);
      break;
    case 'needs_info':
      mention = o.requester;
      s = `${mention ? `${mentionText(mention)} ` : ''}${cardMarkdown(t.needsInfo('\u0000')).replace('\u0000', quote(note.question)).replace(/\n>/g, '\n\n')}`;
      break;
    case 'resumed':
      s = cardMarkdown(t.resumed);
      break;
    case 'rejected':
      s = cardMarkdown(t.rejected('\u0000')).replace('\u0000', quote(note.reason)).replace(/\n>/g, '\n\n');
      break;
    case 'withdrawn':
      s = cardMarkdown(t.withdrawn);
      break;
    case 'confirmation_sent':
      s = cardMarkdown(t.confirmationSent(plain(note.recipientName)));
      break;
    case 'staff_reply':
      s = cardMarkdown(t.staffReply(note.staffName ? plain(note.staffName) : t.caseOfficer, '\u0000')).replace('\u0000', quote(note.text)).replace(/\n>/g, '\n\n');
      break;
    case 'mail_failed':
      s = cardMarkdown(t.mailFailed[note.recipient]);
      break;
  }
  const body: CardElement[] = [text(s)];
  let actions: IAdaptiveCard['actions'] = [];
  if (note.kind === 'confirmation_sent') {
    const f = l.feedback;
    if (o.answered) body.push(text(`**${f.question}** ${o.answered.value === 'up' ? f.yes : f.no}`));
    else {
      body.push(text(`**${f.question}**`));
      actions = [executeButton(f.yes, VENDOR_VERB.feedbackUp, { r: r.id }), dialogButton(f.no, { verb: VENDOR_VERB.feedbackDown, r: r.id })];
    }
  }
  if (note.kind === 'needs_info') actions = [dialogButton(l.vendor.answer, { verb: VENDOR_VERB.answer, r: r.id }, 'positive')];
  const summary = s.replace(/<at>|<\/at>|\*\*/g, '').split('\n')[0]!.slice(0, 200);
  return { summary, card: card(body, summary, actions, mention) };
}

/** The reminder in the reply chain when a question has waited (reminders' nudge), the requester @mentioned. */
export function nudgeCard(days: string, locale: Locale, requester?: Mention): VendorPost {
  const t = texts(locale);
  const s = cardMarkdown(t.reminders.nudge(requester ? mentionText(requester) : '', days)).trim();
  return { summary: s.replace(/<at>|<\/at>|\*\*/g, '').slice(0, 200), card: card([text(s)], s, [], requester) };
}

/** A vendor post whose personal data or free text the purge removed. */
export function redactedVendorPost(locale: Locale): VendorPost {
  const s = cardMarkdown(texts(locale).conversation.redacted);
  return { summary: s, card: card([text(s, { isSubtle: true })], s) };
}
