import type { Button, KnownBlock } from '@slack/types';
import { readRegisterSnapshot, type RegisterSnapshot } from '../../app/checkRegister.js';
import type { CardData } from '../../app/loadCard.js';
import { SYSTEM_ACTOR } from '../../app/ports.js';
import type { AccessType } from '../../domain/intake.js';
import { maskFnr } from '../../domain/fnr.js';
import { allowedActions, isOpen, type Status } from '../../domain/lifecycle.js';
import { formatOrgNumber } from '../../domain/orgnr.js';
import { formatReference } from '../../domain/reference.js';
import { statusLabel, texts, type Locale } from '../../domain/texts/index.js';
import type { RequestRow } from '../../app/rows.js';
import { hasPunycodeDomain } from '../../domain/email.js';
import { actions, button, context, divider, esc, fields, header, section, typedSection } from './kit.js';
import { CARD_STEP } from '../../domain/cardSteps.js';

export const CARD_ACTION = CARD_STEP;

export type CardModel = CardData;

/** What a card button carries: the request and the status the card showed when it was rendered. */
export function cardButtonValue(r: Pick<RequestRow, 'id' | 'status'>, extra?: string): string {
  return JSON.stringify(extra !== undefined ? { r: r.id, s: r.status, x: extra } : { r: r.id, s: r.status });
}

const STATUS_EMOJI: Record<Status, string> = {
  submitted: ':large_blue_circle:',
  altinn_done: ':large_yellow_circle:',
  fnr_registered: ':large_orange_circle:',
  needs_info: ':double_vertical_bar:',
  completed: ':white_check_mark:',
  rejected: ':no_entry:',
  withdrawn: ':heavy_minus_sign:',
};

const TYPE_EMOJI: Record<AccessType, string> = {
  fictitious_enterprise: ':test_tube:',
  customer_delegation: ':handshake:',
};

const slackDate = (d: Date) =>
  `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${d.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;

const slackDay = (d: Date) => `<!date^${Math.floor(d.getTime() / 1000)}^{date_long}|${d.toISOString().slice(0, 10)}>`;

function orgLines(name: string, orgNumber: string, reg: RegisterSnapshot | null, t: ReturnType<typeof texts>): string {
  const lines = [`${esc(name)} (${formatOrgNumber(orgNumber)})`];
  if (reg?.problem) lines.push(`:x: ${t.errors[reg.problem]}`);
  else if (reg) {
    if (reg.name.trim().toLowerCase() !== name.trim().toLowerCase()) {
      lines.push(`:warning: _${esc(t.card.registerName(reg.name))}_`);
    }
    if (reg.bankrupt) lines.push(t.card.bankrupt);
    if (reg.windingUp) lines.push(t.card.windingUp);
  }
  return lines.join('\n');
}

/** An address as a mailto link, flagged when its domain is punycode (it may pass for another). */
const emailLine = (email: string, t: ReturnType<typeof texts>) =>
  `<mailto:${esc(email)}|${esc(email)}>${hasPunycodeDomain(email) ? `\n:warning: _${t.card.punycodeDomain}_` : ''}`;

/** How many of the latest events the card's timeline shows. */
const TIMELINE_EVENTS = 8;

/** The request's live card in the triage channel: every detail, its state, and only the valid steps. */
export function triageCard(m: CardModel, locale: Locale): { text: string; blocks: KnownBlock[] } {
  const t = texts(locale);
  const r = m.request;
  const status = r.status;
  const type = r.accessType;
  const ref = formatReference(r.number);
  const blocks: KnownBlock[] = [
    header(`${ref} · ${r.vendorOrgName}`),
    fields([
      `*${t.card.status}*\n${STATUS_EMOJI[status]} ${statusLabel(t, status, type, 'staff')}`,
      `*${t.card.accessType}*\n${TYPE_EMOJI[type]} *${t.accessType[type]}*`,
      `*${t.card.assignee}*\n${r.assigneeUserId ? `<@${r.assigneeUserId}>` : `_${t.card.nobody}_`}`,
      `*${t.card.requester}*\n${requesterLine(r)}`,
    ]),
    divider(),
    fields([
      `*${t.card.vendor}*\n${orgLines(r.vendorOrgName, r.vendorOrgNumber, readRegisterSnapshot(r.vendorRegister), t)}`,
      r.purgedAt
        ? `*${t.card.contact}*\n_${t.card.deleted}_`
        : `*${t.card.contact}*\n${esc(r.contactName)}\n${emailLine(r.contactEmail, t)}\n${esc(r.contactPhone)}`,
      ...(r.customerOrgNumber
        ? [
            `*${t.card.customer}*\n${orgLines(r.customerOrgName ?? '', r.customerOrgNumber, readRegisterSnapshot(r.customerRegister), t)}\n${r.customerEmail ? emailLine(r.customerEmail, t) : ''}\n${esc(r.customerPhone ?? '')}`,
          ]
        : []),
      ...(r.fictitiousOrgNumber ? [`*${t.card.fictitiousOrg}*\n${formatOrgNumber(r.fictitiousOrgNumber)}`] : []),
      ...(r.loginFnr
        ? [`*${t.card.loginFnr}*\n\`${maskFnr(r.loginFnr)}\``]
        : r.loginFnrKind
          ? [`*${t.card.loginFnr}*\n${t.card.fnrDeleted((r.loginFnrKind ? t.card.fnrKind[r.loginFnrKind] : undefined) ?? r.loginFnrKind)}`]
          : []),
    ]),
  ];

  const notes: string[] = [];
  const verification = r.verification;
  notes.push(
    verification === 'verified' ? t.card.verified : verification === 'not_verified' ? t.card.notVerified : t.card.verificationOff,
  );
  if (r.productionDataAck) notes.push(`:ballot_box_with_check: ${t.card.productionDataAck}`);
  if (m.overlaps?.length) notes.push(`:twisted_rightwards_arrows: ${t.card.overlap(m.overlaps.map((o) => `${formatReference(o.number)} (${o.platform === 'teams' ? 'Microsoft Teams' : `<#${o.channelId}>`})`).join(', '))}`);
  notes.push(
    // A Teams conversation is no Slack channel to link: the receipt's link leads there.
    `*${t.card.channel}:* ${r.platform === 'teams' ? 'Microsoft Teams' : `<#${r.channelId}>`}${r.receiptPermalink ? ` · <${r.receiptPermalink}|${t.card.receipt}>` : ''}`,
  );
  blocks.push(context(...notes));

  if (r.openQuestion) blocks.push(typedSection(`*${t.card.question}*\n>${esc(r.openQuestion).replace(/\n/g, '\n>')}`));
  if (r.lastAnswer) blocks.push(typedSection(`*${t.card.answer}*\n>${esc(r.lastAnswer).replace(/\n/g, '\n>')}`));
  if (r.rejectionReason) blocks.push(typedSection(`*${t.card.rejectionReason}*\n>${esc(r.rejectionReason).replace(/\n/g, '\n>')}`));
  if (r.feedback) {
    const who = r.feedbackUserId ? `<@${r.feedbackUserId}>` : '';
    const line = r.feedback === 'up' ? t.feedback.cardYes(who) : t.feedback.cardNo(who, esc(r.feedbackComment ?? ''));
    blocks.push(typedSection(`*${t.feedback.cardLabel}:* ${line}`));
  }
  if (m.mail) {
    const mailLine =
      m.mail.state === 'queued'
        ? t.card.mailQueued
        : m.mail.state === 'sent'
          ? t.card.mailSent(slackDate(m.mail.at))
          : m.mail.state === 'retrying'
            ? t.card.mailRetrying(esc(m.mail.error))
            : t.card.mailFailing(esc(m.mail.error));
    // A given-up confirmation drops its number: "send again" asks for it.
    const dropped = m.mail.state === 'failing' && !r.loginFnr && !r.loginFnrErasedAt && !r.purgedAt;
    blocks.push(section(`*${t.card.mail}:* ${mailLine}${dropped ? `\n${t.card.fnrDroppedOnFailure}` : ''}`));
  }

  for (const f of m.failedMails ?? []) {
    blocks.push(section(t.conversation.mailGivenUp(t.conversation.mailWhat[f.kind], esc(f.error))));
  }

  if (r.purgedAt) blocks.push(section(t.card.purged(slackDay(r.purgedAt))));

  if (m.events.length > 0) {
    const recent = m.events.slice(-TIMELINE_EVENTS);
    const earlier = m.events.length - recent.length;
    // The card shows the latest events; the rest are not dropped silently: the export has them all.
    const more = earlier > 0 ? `\n_${t.card.earlierEvents(earlier, `\`/tt02-access export ${ref}\``)}_` : '';
    blocks.push(
      context(
        `*${t.card.timeline}*${more}\n${recent
          .map((e) => `${slackDate(e.at)} · ${t.eventLabel[e.kind]} · ${e.actorUserId === SYSTEM_ACTOR ? t.card.systemActor : actorName(r, e.actorUserId)}`)
          .join('\n')}`,
      ),
    );
  }

  const buttons = cardButtons(m, t);
  if (buttons.length > 0) blocks.push(actions(`card:${r.id}`, buttons));

  const text = t.card.text(ref, esc(r.vendorOrgName), statusLabel(t, status, type, 'staff'));
  return { text, blocks };
}

function cardButtons(m: CardModel, t: ReturnType<typeof texts>): Button[] {
  const r = m.request;
  // Purged: closed for good, and nothing left to send (not even a failed email).
  if (r.purgedAt) return [];
  const status = r.status;
  const allowed = allowedActions(status, r.pausedFrom);
  const v = cardButtonValue(r);
  const out: Button[] = [];
  if (allowed.includes('claim')) {
    // The claim carries who the card showed as assignee, so a take-over is always deliberate.
    out.push(button(r.assigneeUserId ? t.card.buttons.takeOver : t.card.buttons.claim, CARD_ACTION.claim, cardButtonValue(r, r.assigneeUserId ?? '')));
    out.push(button(t.conversation.buttons.assign, CARD_ACTION.assign, v));
  }
  // A paused request can be resumed by staff too, with the answer from the thread or typed in.
  if (allowed.includes('answer_info')) out.push(button(t.conversation.buttons.resume, CARD_ACTION.resume, v, { style: 'primary' }));
  if (allowed.includes('record_altinn')) {
    out.push(
      r.accessType === 'customer_delegation'
        ? button(t.card.buttons.altinnCustomer, CARD_ACTION.altinn, v, {
            style: 'primary',
            confirm: {
              title: { type: 'plain_text', text: t.card.confirmAltinn.title },
              text: { type: 'plain_text', text: t.card.confirmAltinn.text },
              confirm: { type: 'plain_text', text: t.card.confirmAltinn.confirm },
              deny: { type: 'plain_text', text: t.card.confirmAltinn.deny },
            },
          })
        : button(t.card.buttons.altinnFictitious, CARD_ACTION.altinn, v, { style: 'primary' }),
    );
  }
  if (allowed.includes('register_fnr')) out.push(button(t.card.buttons.registerFnr, CARD_ACTION.registerFnr, v, { style: 'primary' }));
  if (allowed.includes('send_confirmation')) {
    out.push(button(t.card.buttons.sendConfirmation, CARD_ACTION.sendConfirmation, v, { style: 'primary' }));
  }
  if (allowed.includes('ask_info')) out.push(button(t.card.buttons.askInfo, CARD_ACTION.askInfo, v));
  if (allowed.includes('reject')) out.push(button(t.card.buttons.reject, CARD_ACTION.reject, v, { style: 'danger' }));
  if (isOpen(status) && r.verification === 'not_verified') out.push(button(t.card.buttons.recheck, CARD_ACTION.recheck, v));
  if (m.mail?.state === 'failing') {
    out.push(button(t.card.buttons.retryMail, CARD_ACTION.retryMail, cardButtonValue(r, String(m.mail.outboxId))));
  }
  for (const f of m.failedMails ?? []) {
    out.push(button(t.conversation.buttons.sendAgain(t.conversation.mailWhat[f.kind]), CARD_ACTION.retryMail, cardButtonValue(r, String(f.outboxId))));
  }
  const mailFailed = m.mail?.state === 'failing' || (m.failedMails?.length ?? 0) > 0;
  if (isOpen(status) && r.receiptTs) out.push(button(t.conversation.buttons.reply, CARD_ACTION.reply, v));
  // A closed card keeps no buttons, unless an email failed: then the contact can be fixed and it sent again.
  if (isOpen(status) || mailFailed) out.push(button(t.conversation.buttons.fixContact, CARD_ACTION.fixContact, v));
  return out;
}

/** Who did a step: a mention, but a Teams requester (no Slack user) by their name. */
function actorName(r: Pick<RequestRow, 'platform' | 'requesterUserId' | 'requesterName'>, userId: string): string {
  return r.platform === 'teams' && userId === r.requesterUserId ? esc(r.requesterName ?? userId) : `<@${userId}>`;
}

/**
 * Who filed: a Slack user as a mention (with their workspace); a Teams user by the name Teams gave
 * (Slack cannot resolve an Entra id), or, after the purge emptied it, the id as it is.
 */
function requesterLine(r: Pick<RequestRow, 'platform' | 'requesterUserId' | 'requesterTeamId' | 'requesterName'>): string {
  if (r.platform === 'teams') return `${esc(r.requesterName ?? r.requesterUserId)} (Teams)`;
  return `<@${r.requesterUserId}>${r.requesterTeamId ? ` (${esc(r.requesterTeamId)})` : ''}`;
}
