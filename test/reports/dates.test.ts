import { describe, expect, it } from 'vitest';
import type { ArchiveRecord } from '../../src/app/archive.js';
import { osloDateTime } from '../../src/domain/osloDateTime.js';
import { archiveText } from '../../src/reports/files.js';

/**
 * Times in files and emails are on Oslo's clock, whatever the server's zone, and in the document's
 * language. Fixed instants on both sides of each summer-time change of 2026 (29 March, 25 October).
 */
const record = (events: ArchiveRecord['events']): ArchiveRecord =>
  ({
    number: 42,
    status: 'completed',
    accessType: 'customer_delegation',
    vendorOrgNumber: '974760673',
    vendorOrgName: 'Acme Systems AS',
    customerOrgNumber: '974761076',
    customerOrgName: 'Globex AS',
    fictitiousOrgNumber: null,
    loginFnrKind: 'synthetic',
    openQuestion: null,
    lastAnswer: null,
    rejectionReason: null,
    feedback: 'up',
    feedbackComment: null,
    events,
  }) as ArchiveRecord;

describe('dates on Oslo’s clock, in the document’s language', () => {
  it('says an instant as the reader says it, across both summer-time changes', () => {
    expect(osloDateTime(new Date('2026-03-29T00:59:00Z'), 'nb')).toBe('29. mars 2026 kl. 01:59');
    expect(osloDateTime(new Date('2026-03-29T01:00:00Z'), 'nb')).toBe('29. mars 2026 kl. 03:00');
    expect(osloDateTime(new Date('2026-10-25T00:59:00Z'), 'en')).toBe('25 October 2026 at 02:59');
    expect(osloDateTime(new Date('2026-10-25T01:00:00Z'), 'en')).toBe('25 October 2026 at 02:00');
    expect(osloDateTime(new Date('2026-12-07T13:58:06Z'), 'en')).toBe('7 December 2026 at 14:58');
    expect(osloDateTime(new Date('2026-12-07T13:58:06Z'), 'nb')).toBe('7. desember 2026 kl. 14:58');
  });

  it.each([
    { locale: 'nb' as const, made: 'Laget 1. juli 2026 kl. 12:00 (norsk tid)', events: 'Hendelser (norsk tid)', step: '(Mottatt → Lest inn i TT02)', feedback: 'Tilbakemelding: 👍 Ja' },
    { locale: 'en' as const, made: 'Made 1 July 2026 at 12:00 (Oslo time)', events: 'Events (Oslo time)', step: '(Received → Read into TT02)', feedback: 'Feedback: 👍 Yes' },
  ])('the archive record ($locale): Oslo times either side of the changes, statuses and feedback in words', ({ locale, made, events, step, feedback }) => {
    const text = archiveText(
      record([
        { at: new Date('2026-03-29T00:59:00Z'), kind: 'submitted', actorUserId: 'U1', fromStatus: null, toStatus: 'submitted' },
        { at: new Date('2026-03-29T01:00:00Z'), kind: 'altinn_done', actorUserId: 'U2', fromStatus: 'submitted', toStatus: 'altinn_done' },
        { at: new Date('2026-10-25T00:59:00Z'), kind: 'fnr_registered', actorUserId: 'U2', fromStatus: 'altinn_done', toStatus: 'fnr_registered' },
        { at: new Date('2026-10-25T01:00:00Z'), kind: 'completed', actorUserId: 'U2', fromStatus: 'fnr_registered', toStatus: 'completed' },
      ]),
      locale,
      new Date('2026-07-01T10:00:00Z'),
    );
    const lines = text.split('\n');
    expect(lines).toContain(made);
    expect(lines).toContain(`== ${events}`);
    const times = lines.filter((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d/.test(l)).map((l) => l.slice(0, 16));
    expect(times).toEqual(['2026-03-29 01:59', '2026-03-29 03:00', '2026-10-25 02:59', '2026-10-25 02:00']);
    expect(text).toContain(step);
    expect(text).not.toMatch(/submitted|altinn_done|fnr_registered/);
    expect(lines).toContain(feedback);
  });
});
