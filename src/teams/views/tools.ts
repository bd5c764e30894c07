import type { IAdaptiveCard, IExecuteAction, IOpenUrlAction, ISubmitAction, ITextBlock } from '@microsoft/teams.cards';
import type { AwaitingRow } from '../../app/altinnBatch.js';
import type { FoundRequest } from '../../app/find.js';
import { HOME_SECTIONS, type HomeData, type HomeRow } from '../../app/home.js';
import type { IdlePayload } from '../../app/reminderEffects.js';
import { CARD_STEP } from '../../domain/cardSteps.js';
import { isOpen } from '../../domain/lifecycle.js';
import { formatReference } from '../../domain/reference.js';
import { statusLabel, texts, type Locale } from '../../domain/texts/index.js';
import { cardMarkdown, plain } from './markdown.js';
import type { CardButtonData } from './triageCard.js';

/**
 * The cards of the staff tools in Teams (the personal chat and @mentions in the triage channel):
 * the queue, find's answer, the list for Altinn, reports, reminders. Pure functions of their data.
 * Typed text (names) is escaped; the catalogue's texts are turned from Slack's mrkdwn.
 */

/** `Action.Execute` verbs of the tools' own cards (routed by `data.action`, as the SDK's `card.action.<action>`). */
export const TOOL_ACTION = {
  /**
   * The queue's Claim: the triage card's claim step (its verb and data) with this `action`, so that the
   * tools answer it with the queue again (the card's own handler would answer with the triage card, and
   * only in the triage channel).
   */
  queueClaim: 'tools_queue_claim',
  /** The queue's "List for Altinn" button: the picker card in its place, as Home's button opens the modal. */
  altinnOpen: 'tools_altinn_open',
  altinnBatch: 'tools_altinn_batch',
  altinnConfirm: 'tools_altinn_confirm',
} as const;

type Card = IAdaptiveCard;
const text = (s: string, o: Partial<ITextBlock> = {}): ITextBlock => ({ type: 'TextBlock', text: s, wrap: true, ...o });
const card = (body: Card['body'], actions: Card['actions'] = [], fallbackText?: string): Card => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  ...(fallbackText ? { fallbackText } : {}),
  body,
  ...(actions.length ? { actions } : {}),
});

/** A short answer (usage, queued, refusal) as a card, so that it reads the same in a chat and as a targeted message. */
export function noticeCard(message: string): Card {
  return card([text(cardMarkdown(message))], [], message);
}

/** Names for Entra object ids (people the app has met); an unknown id is shown as it is. */
export type NameOf = (userId: string) => string;

function queueRow(r: HomeRow, locale: Locale, nameOf: NameOf): NonNullable<Card['body']>[number] {
  const t = texts(locale);
  const ref = formatReference(r.number);
  const who = r.assigneeUserId ? plain(nameOf(r.assigneeUserId)) : t.home.nobody;
  const line1 = `**${r.link ? `[${ref}](${r.link})` : ref}** · ${plain(r.vendorOrgName)} · ${t.accessType[r.accessType]}`;
  const line2 = `${statusLabel(t, r.status, r.accessType, 'staff')} · ${t.home.age(r.ageDays)} · ${who}`;
  const actions: (IExecuteAction | IOpenUrlAction)[] = [];
  if (!r.assigneeUserId && isOpen(r.status)) {
    // The triage card's own claim step (same verb and data), so the card's handler takes it.
    const data: CardButtonData & { action: string } = { r: r.id, s: r.status, x: '', action: TOOL_ACTION.queueClaim };
    // With the triage card's Action.Submit fallback for old clients (the verb in its data).
    const fallback: ISubmitAction = { type: 'Action.Submit', title: t.home.claim, data: { ...data, verb: CARD_STEP.claim } };
    actions.push({ type: 'Action.Execute', title: t.home.claim, verb: CARD_STEP.claim, data: { ...data }, style: 'positive', fallback });
  } else if (r.link) {
    actions.push({ type: 'Action.OpenUrl', title: t.home.open, url: r.link });
  }
  return {
    type: 'Container',
    separator: true,
    items: [text(`${line1}\n\n${line2}`), ...(actions.length ? [{ type: 'ActionSet' as const, actions }] : [])],
  } as NonNullable<Card['body']>[number];
}

/** The staff queue: Home's sections (the same data, app/home.ts), each row with Claim (unassigned) or Open. */
export function queueCard(data: Extract<HomeData, { kind: 'staff' }>, locale: Locale, nameOf: NameOf, notice?: string): Card {
  const t = texts(locale);
  const tt = t.teamsTools;
  const body: NonNullable<Card['body']> = [text(tt.queueTitle, { size: 'Large', weight: 'Bolder' }), text(tt.queueIntro, { isSubtle: true })];
  if (notice) body.unshift(text(cardMarkdown(notice), { color: 'Accent', weight: 'Bolder' }));
  for (const s of HOME_SECTIONS) {
    const l = data.sections[s];
    body.push(text(`**${t.home.sections[s]}** (${l.total})`, { separator: true, spacing: 'Large' }));
    if (l.rows.length === 0) body.push(text(t.home.empty, { isSubtle: true }));
    for (const r of l.rows) body.push(queueRow(r, locale, nameOf));
    if (l.total > l.rows.length) body.push(text(t.home.more(l.total - l.rows.length), { isSubtle: true }));
  }
  const altinn: IExecuteAction = { type: 'Action.Execute', title: t.home.altinnBatch, verb: TOOL_ACTION.altinnOpen, data: { action: TOOL_ACTION.altinnOpen } };
  return card(body, [altinn], tt.queueTitle);
}

/** `find`'s answer: up to ten matches, each linking to its card. */
export function findCard(query: string, rows: FoundRequest[], total: number, locale: Locale): Card {
  const t = texts(locale);
  const q = plain(query.trim().slice(0, 100));
  if (rows.length === 0) return noticeCard(t.conversation.find.none(q));
  const lines = rows.map((r) => {
    const ref = formatReference(r.number);
    const link = r.triagePermalink ? `[${ref}](${r.triagePermalink})` : `${ref} (_${t.conversation.find.noCard}_)`;
    const names = [r.vendorOrgName, r.customerOrgName].filter((n): n is string => !!n).map(plain).join(' → ');
    return `- ${link} · ${names} · ${statusLabel(t, r.status, r.accessType, 'staff')}`;
  });
  const body: NonNullable<Card['body']> = [text(`**${t.conversation.find.heading(q)}**`), text(lines.join('\n'))];
  if (total > rows.length) body.push(text(t.conversation.find.more(total - rows.length), { isSubtle: true }));
  return card(body, [], t.conversation.find.heading(q));
}

/**
 * The list for Altinn, as Slack's modal: the requests waiting for the Altinn step to choose from.
 * `batchId` is made when the card is shown, so pressing its button twice makes one list.
 */
export function altinnPickCard(rows: AwaitingRow[], batchId: string, locale: Locale): Card {
  const t = texts(locale);
  const a = t.reports.altinn;
  if (rows.length === 0) return noticeCard(a.none);
  const choices = rows.map((r) => ({
    title: `${formatReference(r.number)} · ${r.vendorOrgName}${r.customerOrgName ? ` → ${r.customerOrgName}` : ''} · ${t.accessType[r.accessType]}`.slice(0, 150),
    value: r.id,
  }));
  return card(
    [
      text(a.title, { size: 'Large', weight: 'Bolder' }),
      text(cardMarkdown(a.intro(rows.length))),
      { type: 'Input.ChoiceSet', id: 'request_ids', label: a.pick, placeholder: a.placeholder, isMultiSelect: true, style: 'expanded', choices },
    ],
    [{ type: 'Action.Execute', title: t.teamsTools.altinnSubmit, verb: TOOL_ACTION.altinnBatch, data: { action: TOOL_ACTION.altinnBatch, b: batchId }, style: 'positive' }],
    a.title,
  );
}

/** The batch's post in the triage channel: what was sent, and the button that records the Altinn step for all. */
export function altinnBatchCard(batchId: string, numbers: number[], locale: Locale): Card {
  const t = texts(locale);
  const refs = numbers.map(formatReference).join(', ');
  return card(
    [text(cardMarkdown(t.reports.altinn.batchMessage(numbers.length, refs)))],
    [{ type: 'Action.Execute', title: t.teamsTools.altinnConfirm, verb: TOOL_ACTION.altinnConfirm, data: { action: TOOL_ACTION.altinnConfirm, b: batchId } }],
    t.reports.altinn.batchMessage(numbers.length, refs),
  );
}

/** Teams shows an inline image up to 1024×1024 and 1 MB. */
export const INLINE_IMAGE_MAX_BYTES = 1024 * 1024;

/** A report's card: the comment and, when it fits Teams' limits, the chart inline (a data: URI). */
export function reportCard(comment: string, chartPng: Buffer | null, chartAlt: string): Card {
  const body: NonNullable<Card['body']> = [text(cardMarkdown(comment), { weight: 'Bolder' })];
  if (chartPng && chartPng.length <= INLINE_IMAGE_MAX_BYTES) {
    body.push({ type: 'Image', url: `data:image/png;base64,${chartPng.toString('base64')}`, altText: chartAlt, size: 'Stretch' });
  }
  return card(body, [], comment);
}

/** The monthly summary in the triage channel: counts only, and the chart. */
export function monthlySummaryCard(summary: string, chartPng: Buffer | null, chartAlt: string): Card {
  const body: NonNullable<Card['body']> = [text(cardMarkdown(summary))];
  if (chartPng && chartPng.length <= INLINE_IMAGE_MAX_BYTES) {
    body.push({ type: 'Image', url: `data:image/png;base64,${chartPng.toString('base64')}`, altText: chartAlt, size: 'Stretch' });
  }
  return card(body, [], summary.split('\n')[0]);
}

/** The idle reminder in the assignee's personal chat, with the card's link when there is one. */
export function idleCard(p: IdlePayload, locale: Locale): Card {
  const t = texts(locale);
  const message = t.reminders.idle(formatReference(p.number), plain(p.vendorOrgName), t.home.age(p.days));
  const actions: IOpenUrlAction[] = p.link ? [{ type: 'Action.OpenUrl', title: t.reminders.openCard, url: p.link }] : [];
  return card([text(cardMarkdown(message))], actions, t.reminders.idle(formatReference(p.number), p.vendorOrgName, t.home.age(p.days)));
}

/** What the file consent card's accept and decline carry back: the outbox row of the file effect. */
export interface FileOfferContext {
  o: number;
}

/** Bot Framework's file consent card: the file is uploaded to the user's OneDrive once they accept. */
export function fileConsentAttachment(filename: string, sizeInBytes: number, description: string, context: FileOfferContext) {
  return {
    contentType: 'application/vnd.microsoft.teams.card.file.consent',
    name: filename,
    content: { description, sizeInBytes, acceptContext: context, declineContext: context },
  };
}

/** After the upload: the file as Teams shows a file in a chat. */
export function fileInfoAttachment(info: { name: string; contentUrl: string; uniqueId: string; fileType: string }) {
  return {
    contentType: 'application/vnd.microsoft.teams.card.file.info',
    contentUrl: info.contentUrl,
    name: info.name,
    content: { uniqueId: info.uniqueId, fileType: info.fileType },
  };
}
