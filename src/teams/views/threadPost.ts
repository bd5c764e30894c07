import type { IAdaptiveCard, ITextBlock } from '@microsoft/teams.cards';
import type { CardThreadPost } from '../../app/effects.js';
import type { DigestItem, DigestList, DigestPayload } from '../../app/reminderEffects.js';
import { formatReference } from '../../domain/reference.js';
import { texts, type Locale } from '../../domain/texts/index.js';
import { cardMarkdown, plain } from './markdown.js';

/** A Teams person as the app has met them (teams_people): the name for `<at>…</at>`, the id for the mention. */
export interface MentionTarget {
  name: string;
  teamsUserId: string;
}

/** Who the posts name: Teams people by the id the request stores (their Entra object id). */
export type PeopleByUserId = ReadonlyMap<string, MentionTarget>;

export interface TeamsPost {
  card: IAdaptiveCard;
  /** What notifications and the activity feed show. */
  summary: string;
}

interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

const text = (s: string, o: Partial<ITextBlock> = {}): ITextBlock => ({ type: 'TextBlock', text: s, wrap: true, ...o });

function card(body: IAdaptiveCard['body'], fallbackText: string, mentions: MentionEntity[] = []): IAdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText,
    // A real Teams @mention in a card: `<at>Name</at>` in the text and an entity naming the person.
    msteams: { width: 'full', ...(mentions.length > 0 ? { entities: mentions } : {}) },
    body,
  } as IAdaptiveCard;
}

/**
 * Names people in a post: a Teams person the app has met is @mentioned (`<at>Name</at>` with a
 * mention entity, so Teams notifies them); anyone else is named in plain text (`fallback`: the id
 * the request stores, as the card's facts show it).
 */
function mentioner(people: PeopleByUserId) {
  const mentions: MentionEntity[] = [];
  const name = (userId: string, fallback: string): string => {
    const p = people.get(userId);
    if (!p) return fallback;
    const at = `<at>${p.name.replace(/[<>]/g, '')}</at>`;
    if (!mentions.some((m) => m.mentioned.id === p.teamsUserId)) mentions.push({ type: 'mention', text: at, mentioned: { id: p.teamsUserId, name: p.name } });
    return at;
  };
  return { name, mentions };
}

/**
 * A post in the card's reply chain (internal, as the card's thread in Slack): the vendor's words
 * mirrored as typed (escaped: they can neither format nor link), and the assignee @mentioned.
 * `vendor` names the vendor (the vendor's Slack id means nothing in Teams).
 */
export function threadPost(post: CardThreadPost, vendor: string, people: PeopleByUserId, locale: Locale): TeamsPost {
  const t = texts(locale);
  const c = t.conversation;
  const m = mentioner(people);
  let head: string;
  let quoted: string | undefined;
  switch (post.kind) {
    case 'vendor_wrote':
      head = c.vendorWrote(plain(vendor), '', post.assigneeUserId ? m.name(post.assigneeUserId, plain(post.assigneeUserId)) : null).replace(/\n>$/, '');
      quoted = post.text;
      break;
    case 'assigned':
      head = c.assigned(m.name(post.assigneeUserId, plain(post.assigneeUserId)), plain(people.get(post.byUserId)?.name ?? post.byUserId));
      break;
    case 'vendor_wrote_after_purge':
      head = c.vendorWroteAfterPurge(plain(vendor), post.assigneeUserId ? m.name(post.assigneeUserId, plain(post.assigneeUserId)) : null);
      break;
  }
  const body: IAdaptiveCard['body'] = [text(cardMarkdown(head))];
  if (quoted !== undefined) body.push({ type: 'Container', style: 'emphasis', items: [text(plain(quoted.slice(0, 2500)))] });
  const summary = head.replace(/<\/?at>/g, '').replace(/:[a-z_0-9+-]+: /g, '');
  return { card: card(body, summary, m.mentions), summary };
}

/** A post in the reply chain that carried free text, once the request is purged. */
export function redactedThreadPost(locale: Locale): TeamsPost {
  const s = texts(locale).conversation.redacted;
  return { card: card([text(cardMarkdown(s))], s.replace(/:[a-z_0-9+-]+: /g, '')), summary: s };
}

function itemLine(i: DigestItem, people: PeopleByUserId, locale: Locale): string {
  const t = texts(locale);
  const ref = formatReference(i.number);
  const who = i.assigneeUserId ? plain(people.get(i.assigneeUserId)?.name ?? i.assigneeUserId) : t.home.nobody;
  const line = t.digest.item(i.link ? `[${ref}](${i.link})` : ref, plain(i.vendorOrgName), t.home.age(i.days), who);
  return `${i.late ? '⚠️' : '•'} ${line}`;
}

function listBlock(title: string, l: DigestList, people: PeopleByUserId, locale: Locale): ITextBlock[] {
  if (l.total === 0) return [];
  const more = l.total > l.items.length ? [texts(locale).digest.more(l.total - l.items.length)] : [];
  return [text([`**${title}** (${l.total})`, ...l.items.map((i) => itemLine(i, people, locale)), ...more].join('\n\n'), { separator: true })];
}

/** The morning digest in the Teams triage channel: the same lists as Slack's, assignees named (a digest pings no one). */
export function digestCard(d: DigestPayload, people: PeopleByUserId, locale: Locale): TeamsPost {
  const t = texts(locale).digest;
  const limit = (days: number) => t.threshold(texts(locale).home.age(days));
  const lists = [
    ...listBlock(`${t.unassignedHeading} (${limit(d.thresholds.unassigned)})`, d.unassigned, people, locale),
    ...listBlock(`${t.overdueHeading.altinn} (${limit(d.thresholds.step)})`, d.overdue.altinn, people, locale),
    ...listBlock(`${t.overdueHeading.fnr} (${limit(d.thresholds.step)})`, d.overdue.fnr, people, locale),
    ...listBlock(`${t.overdueHeading.confirmation} (${limit(d.thresholds.step)})`, d.overdue.confirmation, people, locale),
    ...listBlock(`${t.vendorHeading} (${limit(d.thresholds.vendor)})`, d.waitingVendor, people, locale),
    ...listBlock(`${t.sentToAltinnHeading} (${limit(d.thresholds.step)})`, d.sentToAltinn, people, locale),
  ];
  const anyLate = [d.unassigned, d.overdue.altinn, d.overdue.fnr, d.overdue.confirmation, d.waitingVendor, d.sentToAltinn].some((l) => l.items.some((i) => i.late));
  const body: IAdaptiveCard['body'] = [text(t.title(d.day), { size: 'Large', weight: 'Bolder' })];
  if (lists.length === 0) body.push(text(cardMarkdown(t.allClear)));
  else body.push(...lists, ...(anyLate ? [text(cardMarkdown(t.legend), { isSubtle: true, size: 'Small' })] : []));
  return { card: card(body, t.text(d.day)), summary: t.text(d.day) };
}
