import { describe, expect, it } from 'vitest';
import { HOME_ROWS_PER_SECTION, type HomeData, type HomeList, type HomeRow, type HomeSection } from '../../../src/app/home.js';
import type { DigestList, DigestPayload } from '../../../src/app/reminderEffects.js';
import { HOME_MAX_BLOCKS, homeView } from '../../../src/slack/views/home.js';
import { buildDigest } from '../../../src/app/reminders.js';
import { digestMessage } from '../../../src/slack/views/reminders.js';

const row = (n: number, over: Partial<HomeRow> = {}): HomeRow => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  number: n,
  vendorOrgName: `<!channel> Vendor ${n} & Co`,
  accessType: 'customer_delegation',
  status: 'submitted',
  ageDays: n % 7,
  assigneeUserId: null,
  link: `https://fake.slack.com/archives/CTRIAGE01/p17000000000${n}`,
  ...over,
});

const allSections = (make: () => HomeList): Record<HomeSection, HomeList> => ({
  mine: make(),
  unassigned: make(),
  waiting_vendor: make(),
  waiting_altinn: make(),
  waiting_fnr: make(),
  recently_closed: make(),
});

/** What app/home.ts hands the view when a list is long: the first rows and the total. */
const long = (total: number): HomeList => ({ rows: Array.from({ length: HOME_ROWS_PER_SECTION }, (_, i) => row(i + 1)), total });

describe('the Home view', () => {
  it('stays within Slack’s 100 blocks however long the queue, and says how many more there are', () => {
    const sections = allSections(() => long(250));
    const data: HomeData = { kind: 'staff', userId: 'USTAFF001', sections };
    for (const locale of ['nb', 'en'] as const) {
      const view = homeView(data, locale);
      expect(view.blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
      const json = JSON.stringify(view.blocks);
      expect(json).toContain(locale === 'nb' ? '… og 238 til' : '… and 238 more');
      // Vendor names are escaped: no channel pings, no disguised links.
      expect(json).not.toContain('<!channel>');
      expect(json).toContain('&lt;!channel&gt; Vendor 1 &amp; Co');
    }
    const requester: HomeData = { kind: 'requester', userId: 'UVENDOR01', requests: { rows: Array.from({ length: 40 }, (_, i) => row(i + 1)), total: 75 }, intakeChannelId: 'CVENDOR01' };
    const view = homeView(requester, 'en');
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
    expect(JSON.stringify(view.blocks)).toContain('… and 35 more');
  });

  it('offers "Claim" on unassigned open rows and "Open" (the card link) on the others', () => {
    const sections = allSections(() => ({ rows: [], total: 0 }));
    sections.mine = { rows: [row(1, { assigneeUserId: 'USTAFF001' })], total: 1 };
    sections.unassigned = { rows: [row(2)], total: 1 };
    sections.recently_closed = { rows: [row(3, { status: 'completed' })], total: 1 };
    const blocks = homeView({ kind: 'staff', userId: 'USTAFF001', sections }, 'en').blocks as { accessory?: { action_id: string; url?: string } }[];
    const accessories = blocks.map((b) => b.accessory).filter(Boolean);
    expect(accessories.map((a) => a!.action_id)).toEqual(['home_open', 'home_claim', 'home_open']);
    expect(accessories[0]!.url).toBe(row(1).link);
  });
});

describe('the morning digest message', () => {
  const list = (total: number, late = true): DigestList => ({
    items: Array.from({ length: Math.min(total, 15) }, (_, i) => ({ number: i + 1, vendorOrgName: `V${i}`, days: 5, assigneeUserId: null, link: null, late })),
    total,
  });

  it('lists requests sent to Altinn and still waiting past the threshold, from the batch’s overdue list', () => {
    const now = new Date('2026-12-07T08:31:00+01:00');
    const settings = { digestAt: 510, unassignedDays: 1, stepDays: 3, vendorDays: 5, nudgeVendorDays: 3 };
    const digest = buildDigest([], settings, now, [
      { id: 'a', number: 7, vendorOrgName: 'Sent Long Ago AS', sentToAltinnAt: new Date('2026-11-30T10:00:00+01:00'), workingDays: 5 },
    ]);
    expect(digest.sentToAltinn).toMatchObject({ total: 1, items: [{ number: 7, vendorOrgName: 'Sent Long Ago AS', days: 5, late: true }] });
    const json = JSON.stringify(digestMessage(digest, 'nb').blocks);
    expect(json).toContain('Sendt til Altinn, venter fortsatt på Altinn-steget');
    expect(json).toContain('TT02-0007');
  });

  it('lists each kind of overdue in its own section, within a message’s 50 blocks, and says when all is clear', () => {
    const full: DigestPayload = {
      day: '2026-12-07',
      thresholds: { unassigned: 1, step: 3, vendor: 5 },
      unassigned: list(40),
      overdue: { altinn: list(3), fnr: list(0), confirmation: list(1) },
      waitingVendor: list(2),
      sentToAltinn: list(0),
    };
    const msg = digestMessage(full, 'en');
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain('*Unassigned (limit 1 working day)* (40)');
    expect(json).toContain('… and 25 more');
    expect(json).not.toContain('Overdue: the fødselsnummer');
    expect(msg.text).toBe('TT02 access morning digest 2026-12-07');

    const clear = digestMessage({ ...full, unassigned: list(0), overdue: { altinn: list(0), fnr: list(0), confirmation: list(0) }, waitingVendor: list(0) }, 'nb');
    expect(JSON.stringify(clear.blocks)).toContain('Ingenting venter over fristen');
  });
});
