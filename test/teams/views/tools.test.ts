import { describe, expect, it } from 'vitest';
import { HOME_ROWS_PER_SECTION, HOME_SECTIONS, type HomeData, type HomeRow } from '../../../src/app/home.js';
import { INLINE_IMAGE_MAX_BYTES, queueCard, reportCard } from '../../../src/teams/views/tools.js';

/** Teams refuses a message over 100 KB (base64 images aside). */
const MESSAGE_LIMIT = 100 * 1024;

const row = (n: number, over: Partial<HomeRow> = {}): HomeRow => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  number: n,
  vendorOrgName: `${'Svært Langt Leverandørnavn '.repeat(8)}AS`.slice(0, 200),
  accessType: 'customer_delegation',
  status: 'submitted',
  ageDays: n,
  assigneeUserId: n % 2 ? null : 'aaaaaaaa-0000-0000-0000-000000000001',
  link: `https://teams.microsoft.com/l/message/19:triage@thread.tacv2/${n}?tenantId=99999999-8888-7777-6666-555555555555`,
  ...over,
});

describe('the queue card', () => {
  it('stays under Teams\' 100 KB with every section full of long names', () => {
    const full = { rows: Array.from({ length: HOME_ROWS_PER_SECTION }, (_, i) => row(i + 1)), total: 500 };
    const data: Extract<HomeData, { kind: 'staff' }> = {
      kind: 'staff',
      userId: 'aaaaaaaa-0000-0000-0000-000000000001',
      sections: Object.fromEntries(HOME_SECTIONS.map((s) => [s, full])) as Extract<HomeData, { kind: 'staff' }>['sections'],
    };
    for (const locale of ['nb', 'en'] as const) {
      const size = Buffer.byteLength(JSON.stringify(queueCard(data, locale, () => 'Et Navn Som Er Ganske Langt Også')));
      expect(size).toBeLessThan(MESSAGE_LIMIT);
    }
  });

  it('shows typed names as typed: Markdown in a vendor\'s name makes no link', () => {
    const data: Extract<HomeData, { kind: 'staff' }> = {
      kind: 'staff',
      userId: 'u',
      sections: Object.fromEntries(HOME_SECTIONS.map((s) => [s, { rows: [] as HomeRow[], total: 0 }])) as unknown as Extract<HomeData, { kind: 'staff' }>['sections'],
    };
    data.sections.unassigned = { rows: [row(7, { vendorOrgName: '[Klikk](https://evil.example) AS', link: null })], total: 1 };
    const text = JSON.stringify(queueCard(data, 'nb', (id) => id));
    expect(text).toContain('\\\\[Klikk\\\\]\\\\(https://evil.example\\\\) AS');
  });
});

describe('the report card', () => {
  it('leaves out a chart over Teams\' 1 MB inline limit rather than break the message', () => {
    const big = Buffer.alloc(INLINE_IMAGE_MAX_BYTES + 1);
    expect(JSON.stringify(reportCard('Rapport', big, 'alt'))).not.toContain('data:image/png');
    expect(JSON.stringify(reportCard('Rapport', Buffer.from('png'), 'alt'))).toContain('data:image/png;base64,');
  });
});
