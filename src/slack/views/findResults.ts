import type { KnownBlock } from '@slack/types';
import type { FoundRequest } from '../../app/find.js';
import { formatReference } from '../../domain/reference.js';
import { statusLabel, texts, type Locale } from '../../domain/texts/index.js';
import { clip, context, esc, section } from './kit.js';

/** `/tt02-access find`: one line per match, each linking to its card; "and N more" past the cap. */
export function findResults(query: string, rows: FoundRequest[], total: number, locale: Locale): { text: string; blocks: KnownBlock[] } {
  const t = texts(locale);
  const q = esc(clip(query.trim(), 100));
  if (rows.length === 0) return { text: t.conversation.find.none(q), blocks: [section(t.conversation.find.none(q))] };
  const lines = rows.map((r) => {
    const ref = formatReference(r.number);
    const link = r.triagePermalink ? `<${r.triagePermalink}|${ref}>` : `${ref} (_${t.conversation.find.noCard}_)`;
    const names = [r.vendorOrgName, r.customerOrgName].filter(Boolean).map((n) => esc(n!)).join(' → ');
    return `• ${link} · ${names} · ${statusLabel(t, r.status, r.accessType, 'staff')}`;
  });
  const blocks: KnownBlock[] = [section(`*${t.conversation.find.heading(q)}*\n${lines.join('\n')}`)];
  if (total > rows.length) blocks.push(context(t.conversation.find.more(total - rows.length)));
  return { text: t.conversation.find.heading(q), blocks };
}
