import type { Button, HomeView, KnownBlock, SectionBlock } from '@slack/types';
import { HOME_SECTIONS, type HomeData, type HomeList, type HomeRow } from '../../app/home.js';
import { formatReference } from '../../domain/reference.js';
import { statusLabel, texts, type Locale } from '../../domain/texts/index.js';
import { isOpen } from '../../domain/lifecycle.js';
import { actions, button, context, esc, header, plain, section } from './kit.js';

export const HOME_ACTION = {
  claim: 'home_claim',
  open: 'home_open',
  requestAccess: 'home_request_access',
  altinnBatch: 'home_altinn_batch',
} as const;

/** Slack's limit for a Home tab. */
export const HOME_MAX_BLOCKS = 100;

const reference = (r: HomeRow) => (r.link ? `<${r.link}|${formatReference(r.number)}>` : formatReference(r.number));

function staffRow(r: HomeRow, locale: Locale): SectionBlock {
  const t = texts(locale);
  const who = r.assigneeUserId ? `<@${r.assigneeUserId}>` : t.home.nobody;
  const text =
    `*${reference(r)}* · ${esc(r.vendorOrgName)} · ${t.accessType[r.accessType]}\n` +
    `${statusLabel(t, r.status, r.accessType, 'staff')} · ${t.home.age(r.ageDays)} · ${who}`;
  let accessory: Button | undefined;
  if (!r.assigneeUserId && isOpen(r.status)) {
    accessory = button(t.home.claim, HOME_ACTION.claim, JSON.stringify({ r: r.id }), { style: 'primary' });
  } else if (r.link) {
    accessory = { type: 'button', text: plain(t.home.open, 75), action_id: HOME_ACTION.open, url: r.link, value: r.id };
  }
  return section(text, accessory ? { accessory } : {});
}

function requesterRow(r: HomeRow, locale: Locale): SectionBlock {
  const t = texts(locale);
  return section(
    `*${reference(r)}* · ${esc(r.vendorOrgName)} · ${t.accessType[r.accessType]}\n${statusLabel(t, r.status, r.accessType, 'vendor')}`,
  );
}

function listBlocks(title: string, l: HomeList, row: (r: HomeRow) => KnownBlock, locale: Locale): KnownBlock[] {
  const t = texts(locale).home;
  const blocks: KnownBlock[] = [section(`*${title}* (${l.total})`)];
  if (l.rows.length === 0) blocks.push(context(t.empty));
  blocks.push(...l.rows.map(row));
  if (l.total > l.rows.length) blocks.push(context(t.more(l.total - l.rows.length)));
  return blocks;
}

/**
 * The app's Home tab, per user: for staff the queue (mine, unassigned, waiting for the vendor, for the
 * Altinn step, for the fødselsnummer, recently closed), each row with reference (linking to the card),
 * vendor, access type, status, age in working days and assignee, and a button to claim or open it;
 * for anyone else their own requests and the "Request TT02 access" button. Each list is capped (see
 * app/home.ts), so the tab stays within Slack's 100 blocks.
 */
export function homeView(data: HomeData, locale: Locale): HomeView {
  const t = texts(locale);
  const blocks: KnownBlock[] = [];
  if (data.kind === 'staff') {
    blocks.push(
      header(t.home.staffTitle),
      context(t.home.staffIntro),
      // The list for Altinn: the same modal as `/tt02-access altinn`.
      actions('home_staff_tools', [button(t.home.altinnBatch, HOME_ACTION.altinnBatch, 'altinn')]),
    );
    for (const s of HOME_SECTIONS) blocks.push(...listBlocks(t.home.sections[s], data.sections[s], (r) => staffRow(r, locale), locale));
  } else {
    blocks.push(
      header(t.home.requesterTitle),
      context(t.home.requesterIntro),
      actions('home_request', [button(t.entry.button, HOME_ACTION.requestAccess, data.intakeChannelId ?? '', { style: 'primary' })]),
    );
    if (data.requests.total === 0) blocks.push(section(t.home.noRequests));
    blocks.push(...data.requests.rows.map((r) => requesterRow(r, locale)));
    if (data.requests.total > data.requests.rows.length) blocks.push(context(t.home.more(data.requests.total - data.requests.rows.length)));
  }
  return { type: 'home', blocks: blocks.slice(0, HOME_MAX_BLOCKS) };
}
