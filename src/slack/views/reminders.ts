import type { KnownBlock } from '@slack/types';
import type { DigestItem, DigestList, DigestPayload, IdlePayload } from '../../app/reminderEffects.js';
import { formatReference } from '../../domain/reference.js';
import { texts, type Locale } from '../../domain/texts/index.js';
import { context, esc, header, section } from './kit.js';

type Message = { text: string; blocks: KnownBlock[] };

const ref = (number: number, link: string | null) => (link ? `<${link}|${formatReference(number)}>` : formatReference(number));

function itemLine(i: DigestItem, locale: Locale): string {
  const t = texts(locale);
  const line = t.digest.item(ref(i.number, i.link), esc(i.vendorOrgName), t.home.age(i.days), i.assigneeUserId ? `<@${i.assigneeUserId}>` : t.home.nobody);
  return `${i.late ? ':warning: ' : '• '}${line}`;
}

function listSection(title: string, l: DigestList, locale: Locale): KnownBlock[] {
  if (l.total === 0) return [];
  const more = l.total > l.items.length ? `\n${texts(locale).digest.more(l.total - l.items.length)}` : '';
  return [section(`*${title}* (${l.total})\n${l.items.map((i) => itemLine(i, locale)).join('\n')}${more}`)];
}

/** The morning digest in the case officers' channel: one section per list, empty lists left out. */
export function digestMessage(d: DigestPayload, locale: Locale): Message {
  const t = texts(locale).digest;
  const limit = (days: number) => t.threshold(texts(locale).home.age(days));
  const lists: KnownBlock[] = [
    ...listSection(`${t.unassignedHeading} (${limit(d.thresholds.unassigned)})`, d.unassigned, locale),
    ...listSection(`${t.overdueHeading.altinn} (${limit(d.thresholds.step)})`, d.overdue.altinn, locale),
    ...listSection(`${t.overdueHeading.fnr} (${limit(d.thresholds.step)})`, d.overdue.fnr, locale),
    ...listSection(`${t.overdueHeading.confirmation} (${limit(d.thresholds.step)})`, d.overdue.confirmation, locale),
    ...listSection(`${t.vendorHeading} (${limit(d.thresholds.vendor)})`, d.waitingVendor, locale),
    ...listSection(`${t.sentToAltinnHeading} (${limit(d.thresholds.step)})`, d.sentToAltinn, locale),
  ];
  const anyLate = [d.unassigned, d.overdue.altinn, d.overdue.fnr, d.overdue.confirmation, d.waitingVendor, d.sentToAltinn].some((l) =>
    l.items.some((i) => i.late),
  );
  const blocks: KnownBlock[] = [header(t.title(d.day))];
  if (lists.length === 0) blocks.push(section(t.allClear));
  else blocks.push(...lists, ...(anyLate ? [context(t.legend)] : []));
  return { text: t.text(d.day), blocks };
}

/** A direct message to the assignee of a request that has been idle past the step threshold. */
export function idleMessage(p: IdlePayload, locale: Locale): Message {
  const t = texts(locale);
  const text = t.reminders.idle(formatReference(p.number), esc(p.vendorOrgName), t.home.age(p.days));
  const blocks: KnownBlock[] = [section(p.link ? `${text} <${p.link}|${t.reminders.openCard}>` : text)];
  return { text, blocks };
}

/** The reminder in the vendor's thread: mentions the requester (a Slack ID, not personal data). */
export function nudgeNote(requesterUserId: string, days: number, locale: Locale): Message {
  const t = texts(locale);
  const text = t.reminders.nudge(`<@${requesterUserId}>`, t.home.age(days));
  return { text, blocks: [section(text)] };
}
