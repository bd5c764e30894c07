import type { AwaitingRow } from '../app/altinnBatch.js';
import type { ArchiveRecord } from '../app/archive.js';
import type { ReportData } from '../app/reports.js';
import { formatReference } from '../domain/reference.js';
import { osloDateTime } from '../domain/osloDateTime.js';
import { isStatus } from '../domain/lifecycle.js';
import { texts, type Locale, type Texts } from '../domain/texts/index.js';
import { osloDay, osloMinutes } from '../domain/workingDays.js';
import type { ChartInput } from './chart.js';
import { toCsv } from './csv.js';

/**
 * The files staff get: the report's CSV, the list for Altinn, the archive record. Column names are
 * fixed, lower-case English in both languages, so that spreadsheets and scripts built on them keep
 * working. None of them ever holds a fødselsnummer; contact details only in a report asked for
 * "with-contacts".
 */
const REPORT_COLUMNS = [
  'reference',
  'access_type',
  'status',
  'assignee',
  'submitted',
  'sent_to_altinn',
  'altinn_done',
  'fnr_registered',
  'completed',
  'rejected',
  'withdrawn',
  'rejection_reason',
  'feedback',
  'feedback_comment',
] as const;
const CONTACT_COLUMNS = ['contact_name', 'contact_email', 'contact_phone', 'customer_email', 'customer_phone'] as const;

export function reportCsv(data: ReportData, withContacts: boolean): string {
  const header = [...REPORT_COLUMNS, ...(withContacts ? CONTACT_COLUMNS : [])];
  return toCsv(
    header,
    data.rows.map((r) => [
      formatReference(r.number),
      r.accessType,
      r.status,
      r.assigneeUserId,
      r.submitted,
      r.sentToAltinn,
      r.altinnDone,
      r.fnrRegistered,
      r.completed,
      r.rejected,
      r.withdrawn,
      r.rejectionReason,
      r.feedback,
      r.feedbackComment,
      ...(withContacts ? [r.contactName, r.contactEmail, r.contactPhone, r.customerEmail, r.customerPhone] : []),
    ]),
  );
}

/** The list for Altinn: the enterprises to read into TT02, and no personal data. */
export function altinnCsv(rows: AwaitingRow[]): string {
  return toCsv(
    ['reference', 'access_type', 'vendor_org_number', 'vendor_org_name', 'customer_org_number', 'customer_org_name', 'fictitious_org_number'],
    rows.map((r) => [
      formatReference(r.number),
      r.accessType,
      r.vendorOrgNumber,
      r.vendorOrgName,
      r.customerOrgNumber,
      r.customerOrgName,
      r.fictitiousOrgNumber,
    ]),
  );
}

const pad = (n: number) => String(n).padStart(2, '0');
export function osloTime(at: Date): string {
  const m = osloMinutes(at);
  return `${osloDay(at)} ${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

export function chartInput(data: ReportData, t: Texts): ChartInput {
  const c = t.reports.chart;
  const typeLabel = (type: string) => (type === 'fictitious_enterprise' || type === 'customer_delegation' ? t.accessType[type] : type);
  return {
    title: c.title(data.period.label),
    counts: data.weekly.counts.map((x) => ({ week: x.week, type: typeLabel(x.accessType), requests: x.requests })),
    lead: data.weekly.lead.flatMap((x) => [
      { week: x.week, measure: c.median, days: x.median },
      { week: x.week, measure: c.p90, days: x.p90 },
    ]),
    labels: { week: c.week, requests: c.requests, accessType: c.accessType, leadTitle: c.leadTitle, days: c.days, measure: c.measure, median: c.median, p90: c.p90 },
  };
}

/** The monthly summary's text (mrkdwn, for the triage channel): counts only, no names. */
export function monthlySummaryText(data: ReportData, locale: Locale): string {
  const m = texts(locale).reports.monthly;
  const f = data.figures;
  const number = new Intl.NumberFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: 1 });
  const fmt = (v: number | null) => (v === null ? m.none : number.format(v));
  const lines = [
    m.title(data.period.label),
    m.counts(f.received, f.completed, f.rejected, f.withdrawn),
    m.leadHeading,
    ...(['toAltinn', 'toFnr', 'toConfirmation', 'total'] as const).map((k) => `• ${m.steps[k]}: ${fmt(f.lead[k].median)} / ${fmt(f.lead[k].p90)}`),
    f.feedback.total > 0 ? m.feedback(Math.round((100 * f.feedback.up) / f.feedback.total), f.feedback.total) : m.noFeedback,
  ];
  return lines.join('\n');
}

/**
 * The archive record as plain UTF-8 text (see README: why text and not PDF), wholly in one language:
 * statuses and feedback in words, never the stored codes. Times on Oslo's clock: each event as
 * `YYYY-MM-DD HH:MM` (sorts, and reads the same in both languages), when it was made in words.
 */
export function archiveText(r: ArchiveRecord, locale: Locale, now: Date): string {
  const t = texts(locale);
  const x = t.reports.record;
  const statusWord = (s: string) => (isStatus(s) ? t.status[s] : s);
  const feedbackWord = (f: string) => (f === 'up' ? t.feedback.yes : f === 'down' ? t.feedback.no : f);
  const ref = formatReference(r.number);
  const type = t.accessType[r.accessType];
  const status = t.status[r.status];
  const lines = [
    x.title(ref),
    x.generated(osloDateTime(now, locale)),
    '',
    `== ${x.request}`,
    `${ref} · ${type} · ${status}`,
    `${r.vendorOrgName} (${r.vendorOrgNumber})`,
    ...(r.customerOrgNumber ? [`${r.customerOrgName ?? ''} (${r.customerOrgNumber})`] : []),
    ...(r.fictitiousOrgNumber ? [`${t.accessType.fictitious_enterprise}: ${r.fictitiousOrgNumber}`] : []),
    r.loginFnrKind ? x.fnr(t.card.fnrKind[r.loginFnrKind]) : x.noFnr,
    '',
    `== ${x.events}`,
    ...r.events.map(
      (e) =>
        `${osloTime(e.at)}  ${t.eventLabel[e.kind]}${e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? ` (${statusWord(e.fromStatus)} → ${statusWord(e.toStatus)})` : ''}  ${e.actorUserId}`,
    ),
  ];
  const freeTexts: [string, string | null][] = [
    [x.question, r.openQuestion],
    [x.answer, r.lastAnswer],
    [x.rejection, r.rejectionReason],
    [x.feedback, r.feedback ? `${feedbackWord(r.feedback)}${r.feedbackComment ? `: ${r.feedbackComment}` : ''}` : null],
  ];
  const present = freeTexts.filter(([, v]) => v);
  if (present.length > 0) lines.push('', `== ${x.texts}`, ...present.map(([k, v]) => `${k}: ${v}`));
  return `${lines.join('\n')}\n`;
}
