import type { IAdaptiveCard, IExecuteAction, IFact, ISubmitAction, ITextBlock } from '@microsoft/teams.cards';
import { readRegisterSnapshot, type RegisterSnapshot } from '../../app/checkRegister.js';
import type { CardData } from '../../app/loadCard.js';
import { SYSTEM_ACTOR } from '../../app/ports.js';
import type { RequestRow } from '../../app/rows.js';
import { hasPunycodeDomain } from '../../domain/email.js';
import { maskFnr } from '../../domain/fnr.js';
import { allowedActions, isOpen } from '../../domain/lifecycle.js';
import { formatOrgNumber } from '../../domain/orgnr.js';
import { formatReference } from '../../domain/reference.js';
import { statusLabel, texts, type Locale } from '../../domain/texts/index.js';
import { cardMarkdown, plain } from './markdown.js';
import { CARD_STEP } from '../../domain/cardSteps.js';
import type { PeopleByUserId } from './threadPost.js';

/** The verbs of the card's `Action.Execute` buttons: the same steps, and names, as the Slack card's action ids. */
export const CARD_VERB = CARD_STEP;

/** What a button carries, as on Slack: the request, the status the card showed, and an extra value. */
export interface CardButtonData {
  r: string;
  s: RequestRow['status'];
  x?: string;
}

/**
 * A step that needs input opens a dialog. The answer to an `Action.Execute` can only be a card or a
 * message, never a dialog, so these buttons are `Action.Submit`s that Teams turns into a `task/fetch`
 * invoke (`msteams.type`); the app answers it with the dialog's card, and the dialog's own submit
 * comes back as `task/submit` with the same verb in its data.
 */
export interface DialogButtonData extends CardButtonData {
  verb: string;
  msteams: { type: 'task/fetch' };
}

/** How many of the latest events the card's timeline shows (as on Slack). */
const TIMELINE_EVENTS = 8;

type Texts = ReturnType<typeof texts>;

/** Adaptive Cards format dates in the reader's own locale and time zone; the ISO time must be without milliseconds. */
const cardDate = (d: Date) => {
  const iso = `${d.toISOString().slice(0, 19)}Z`;
  return `{{DATE(${iso},SHORT)}} {{TIME(${iso})}}`;
};
const cardDay = (d: Date) => `{{DATE(${d.toISOString().slice(0, 19)}Z,LONG)}}`;

const text = (s: string, o: Partial<ITextBlock> = {}): ITextBlock => ({ type: 'TextBlock', text: s, wrap: true, ...o });

function orgLines(name: string, orgNumber: string, reg: RegisterSnapshot | null, t: Texts): string {
  const lines = [`${plain(name)} (${formatOrgNumber(orgNumber)})`];
  if (reg?.problem) lines.push(`❌ ${cardMarkdown(t.errors[reg.problem])}`);
  else if (reg) {
    if (reg.name.trim().toLowerCase() !== name.trim().toLowerCase()) lines.push(`⚠️ _${plain(t.card.registerName(reg.name))}_`);
    if (reg.bankrupt) lines.push(cardMarkdown(t.card.bankrupt));
    if (reg.windingUp) lines.push(cardMarkdown(t.card.windingUp));
  }
  return lines.join('\n\n');
}

const emailLine = (email: string, t: Texts) => `${plain(email)}${hasPunycodeDomain(email) ? `\n\n⚠️ _${cardMarkdown(t.card.punycodeDomain)}_` : ''}`;

/**
 * The request's triage card in Teams: an Adaptive Card 1.5 with the same facts as the Slack card
 * (from the same CardData), personal data only here and the fødselsnummer masked, and only the
 * valid steps as `Action.Execute` buttons (each with an `Action.Submit` fallback for old clients).
 * People's typed text is escaped; the catalogue's texts are turned from Slack's mrkdwn. Staff are
 * named from `people` (the Teams people the app has met, by Entra object id); anyone else (a Slack
 * user, someone not met yet) by their id, as Slack shows an id it cannot resolve.
 */
export function teamsTriageCard(m: CardData, locale: Locale, o: { notice?: string; people?: PeopleByUserId } = {}): IAdaptiveCard {
  const t = texts(locale);
  const r = m.request;
  const ref = formatReference(r.number);
  // A Slack requester is no Teams person: the name Slack gave at submission (null after the purge).
  const who = (userId: string) => plain((userId === r.requesterUserId && r.requesterName) || o.people?.get(userId)?.name || userId);
  const facts: IFact[] = [
    { title: t.card.status, value: statusLabel(t, r.status, r.accessType, 'staff') },
    { title: t.card.accessType, value: t.accessType[r.accessType] },
    { title: t.card.assignee, value: r.assigneeUserId ? who(r.assigneeUserId) : t.card.nobody },
    { title: t.card.requester, value: who(r.requesterUserId) },
  ];
  const body: IAdaptiveCard['body'] = [
    // Only in the answer to the clicker's own invoke (a stale click, a claim that was already theirs):
    // the outbox's update of the card for everyone carries no notice.
    ...(o.notice ? [text(cardMarkdown(o.notice), { color: 'Attention' as const, weight: 'Bolder' as const })] : []),
    text(`${ref} · ${plain(r.vendorOrgName)}`, { size: 'Large', weight: 'Bolder' }),
    { type: 'FactSet', facts },
    text(`**${t.card.vendor}**\n\n${orgLines(r.vendorOrgName, r.vendorOrgNumber, readRegisterSnapshot(r.vendorRegister), t)}`, { separator: true }),
    text(r.purgedAt ? `**${t.card.contact}**\n\n_${t.card.deleted}_` : `**${t.card.contact}**\n\n${plain(r.contactName)}\n\n${emailLine(r.contactEmail, t)}\n\n${plain(r.contactPhone)}`),
  ];
  if (r.customerOrgNumber) {
    const lines = [orgLines(r.customerOrgName ?? '', r.customerOrgNumber, readRegisterSnapshot(r.customerRegister), t)];
    if (r.customerEmail) lines.push(emailLine(r.customerEmail, t));
    if (r.customerPhone) lines.push(plain(r.customerPhone));
    body.push(text(`**${t.card.customer}**\n\n${lines.join('\n\n')}`));
  }
  if (r.fictitiousOrgNumber) body.push(text(`**${t.card.fictitiousOrg}**\n\n${formatOrgNumber(r.fictitiousOrgNumber)}`));
  if (r.loginFnr) body.push(text(`**${t.card.loginFnr}**\n\n${maskFnr(r.loginFnr)}`));
  else if (r.loginFnrKind) body.push(text(`**${t.card.loginFnr}**\n\n${cardMarkdown(t.card.fnrDeleted(t.card.fnrKind[r.loginFnrKind] ?? r.loginFnrKind))}`));

  const notes: string[] = [r.verification === 'verified' ? t.card.verified : r.verification === 'not_verified' ? t.card.notVerified : t.card.verificationOff];
  if (r.productionDataAck) notes.push(`☑️ ${t.card.productionDataAck}`);
  if (m.overlaps?.length) notes.push(`🔀 ${t.card.overlap(m.overlaps.map((o) => formatReference(o.number)).join(', '))}`);
  body.push(text(notes.map(cardMarkdown).join('\n\n'), { isSubtle: true, size: 'Small', separator: true }));

  const quoted = (label: string, typed: string) => text(`**${label}**\n\n${plain(typed)}`);
  if (r.openQuestion) body.push(quoted(t.card.question, r.openQuestion));
  if (r.lastAnswer) body.push(quoted(t.card.answer, r.lastAnswer));
  if (r.rejectionReason) body.push(quoted(t.card.rejectionReason, r.rejectionReason));
  if (r.feedback) {
    const line = r.feedback === 'up' ? t.feedback.cardYes('') : t.feedback.cardNo('', plain(r.feedbackComment ?? ''));
    body.push(text(`**${t.feedback.cardLabel}:** ${cardMarkdown(line)}`));
  }
  if (m.mail) {
    const mail = m.mail;
    const line =
      mail.state === 'queued' ? t.card.mailQueued : mail.state === 'sent' ? t.card.mailSent(cardDate(mail.at)) : mail.state === 'retrying' ? t.card.mailRetrying(plain(mail.error)) : t.card.mailFailing(plain(mail.error));
    body.push(text(`**${t.card.mail}:** ${cardMarkdown(line)}`));
  }
  for (const f of m.failedMails ?? []) body.push(text(cardMarkdown(t.conversation.mailGivenUp(t.conversation.mailWhat[f.kind], plain(f.error)))));
  if (r.purgedAt) body.push(text(cardMarkdown(t.card.purged(cardDay(r.purgedAt)))));

  if (m.events.length > 0) {
    const recent = m.events.slice(-TIMELINE_EVENTS);
    const earlier = m.events.length - recent.length;
    const lines = recent.map((e) => `${cardDate(e.at)} · ${t.eventLabel[e.kind]} · ${e.actorUserId === SYSTEM_ACTOR ? t.card.systemActor : who(e.actorUserId)}`);
    if (earlier > 0) lines.unshift(`_${cardMarkdown(t.card.earlierEvents(earlier, `/tt02-access export ${ref}`))}_`);
    body.push(text(`**${t.card.timeline}**\n\n${lines.join('\n\n')}`, { isSubtle: true, size: 'Small', separator: true }));
  }

  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: t.card.text(ref, r.vendorOrgName, statusLabel(t, r.status, r.accessType, 'staff')),
    msteams: { width: 'full' },
    body,
    actions: cardButtons(m, t),
  };
}

function execute(title: string, verb: string, data: CardButtonData, style?: 'positive' | 'destructive'): IExecuteAction {
  // Old clients without Universal Actions get the same step as an Action.Submit, the verb in its data.
  const fallback: ISubmitAction = { type: 'Action.Submit', title, data: { ...data, verb } };
  return { type: 'Action.Execute', title, verb, data: { ...data }, ...(style ? { style } : {}), fallback };
}

/** A button that opens the step's dialog (see DialogButtonData). */
function dialog(title: string, verb: string, data: CardButtonData, style?: 'positive' | 'destructive'): ISubmitAction {
  const payload: DialogButtonData = { ...data, verb, msteams: { type: 'task/fetch' } };
  return { type: 'Action.Submit', title, data: payload, ...(style ? { style } : {}) };
}

function cardButtons(m: CardData, t: Texts): (IExecuteAction | ISubmitAction)[] {
  const r = m.request;
  if (r.purgedAt) return [];
  const allowed = allowedActions(r.status, r.pausedFrom);
  const v: CardButtonData = { r: r.id, s: r.status };
  const out: (IExecuteAction | ISubmitAction)[] = [];
  if (allowed.includes('claim')) {
    // The claim carries who the card showed as assignee, so a take-over is always deliberate.
    out.push(execute(r.assigneeUserId ? t.card.buttons.takeOver : t.card.buttons.claim, CARD_VERB.claim, { ...v, x: r.assigneeUserId ?? '' }));
    out.push(dialog(t.conversation.buttons.assign, CARD_VERB.assign, v));
  }
  if (allowed.includes('answer_info')) out.push(dialog(t.conversation.buttons.resume, CARD_VERB.resume, v, 'positive'));
  if (allowed.includes('record_altinn')) {
    // Customer delegation is one click; a fictitious enterprise needs its organisation number.
    if (r.accessType === 'customer_delegation') out.push(execute(t.card.buttons.altinnCustomer, CARD_VERB.altinn, v, 'positive'));
    else out.push(dialog(t.card.buttons.altinnFictitious, CARD_VERB.altinn, v, 'positive'));
  }
  if (allowed.includes('register_fnr')) out.push(dialog(t.card.buttons.registerFnr, CARD_VERB.registerFnr, v, 'positive'));
  if (allowed.includes('send_confirmation')) out.push(dialog(t.card.buttons.sendConfirmation, CARD_VERB.sendConfirmation, v, 'positive'));
  if (allowed.includes('ask_info')) out.push(dialog(t.card.buttons.askInfo, CARD_VERB.askInfo, v));
  if (allowed.includes('reject')) out.push(dialog(t.card.buttons.reject, CARD_VERB.reject, v, 'destructive'));
  if (isOpen(r.status) && r.verification === 'not_verified') out.push(execute(t.card.buttons.recheck, CARD_VERB.recheck, v));
  if (m.mail?.state === 'failing') {
    // A given-up confirmation whose fødselsnummer was dropped needs it again: a dialog asks for it.
    const retry = { ...v, x: String(m.mail.outboxId) };
    if (!r.loginFnr && !r.loginFnrErasedAt) out.push(dialog(t.card.buttons.retryMail, CARD_VERB.retryMail, retry));
    else out.push(execute(t.card.buttons.retryMail, CARD_VERB.retryMail, retry));
  }
  for (const f of m.failedMails ?? []) {
    out.push(execute(t.conversation.buttons.sendAgain(t.conversation.mailWhat[f.kind]), CARD_VERB.retryMail, { ...v, x: String(f.outboxId) }));
  }
  const mailFailed = m.mail?.state === 'failing' || (m.failedMails?.length ?? 0) > 0;
  if (isOpen(r.status) && r.receiptTs) out.push(dialog(t.conversation.buttons.reply, CARD_VERB.reply, v));
  if (isOpen(r.status) || mailFailed) out.push(dialog(t.conversation.buttons.fixContact, CARD_VERB.fixContact, v));
  return out;
}
