import { describe, expect, it } from 'vitest';
import type { HomeData, HomeList, HomeRow } from '../../../src/app/home.js';
import type { ReportData } from '../../../src/app/reports.js';
import type { RequestEventRow, RequestRow } from '../../../src/app/rows.js';
import { en } from '../../../src/domain/texts/en.js';
import { nb } from '../../../src/domain/texts/nb.js';
import { texts, type Locale } from '../../../src/domain/texts/index.js';
import { confirmationEmail } from '../../../src/mail/confirmationEmail.js';
import { nudgeEmail } from '../../../src/mail/nudgeEmail.js';
import { questionEmail } from '../../../src/mail/questionEmail.js';
import { rejectionEmail } from '../../../src/mail/rejectionEmail.js';
import { archiveText, chartInput, monthlySummaryText } from '../../../src/reports/files.js';
import { altinnBatchLoading, altinnBatchMessage, altinnBatchModal } from '../../../src/slack/views/altinnBatch.js';
import { cardThreadMessage } from '../../../src/slack/views/cardThread.js';
import { assignModal, fixContactModal, replyModal, resumeModal } from '../../../src/slack/views/conversationModals.js';
import { feedbackWhyModal } from '../../../src/slack/views/feedbackModal.js';
import { findResults } from '../../../src/slack/views/findResults.js';
import { homeView } from '../../../src/slack/views/home.js';
import { intakeModal, noticeModal, submittedModal } from '../../../src/slack/views/intakeModal.js';
import { receiptMessage } from '../../../src/slack/views/receiptMessage.js';
import { registerNoteText } from '../../../src/slack/views/registerNote.js';
import { digestMessage, idleMessage, nudgeNote } from '../../../src/slack/views/reminders.js';
import {
  answerInfoModal,
  askInfoModal,
  confirmationPreviewModal,
  fictitiousOrgModal,
  noticeView,
  registerFnrModal,
  rejectModal,
} from '../../../src/slack/views/staffModals.js';
import { triageCard } from '../../../src/slack/views/triageCard.js';
import { vendorNoteMessage } from '../../../src/slack/views/vendorNote.js';
import { altinnBatchCard, altinnPickCard, findCard, idleCard, noticeCard, queueCard, reportCard } from '../../../src/teams/views/tools.js';
import { requestRow } from '../../support/requestRow.js';

/**
 * The rule (README, Languages): a view is in one language. Each view, email and file is rendered in
 * each language, and none of the other catalogue's own words may appear in it: the catalogue's
 * strings (a function's text around its placeholders) that the other catalogue does not also have.
 */
const HOLE = '\u0000';
function fragments(x: unknown): string[] {
  if (typeof x === 'string') return x.split(HOLE);
  if (typeof x === 'function') return fragments((x as (...a: unknown[]) => unknown)(HOLE, HOLE, HOLE, HOLE));
  if (Array.isArray(x)) return x.flatMap(fragments);
  if (x && typeof x === 'object') return Object.values(x).flatMap(fragments);
  return [];
}
const words = (catalogue: unknown) =>
  new Set(
    fragments(catalogue)
      .flatMap((f) => f.split('\n'))
      .map((f) => f.replace(/^[\s:*_>•(),.–-]+|[\s:*_>•(),.–-]+$/g, ''))
      // Long enough to be the language's own words, not a shared name, code or emoji.
      .filter((f) => f.length >= 6 && /\p{L}{3}/u.test(f)),
  );
const own = (mine: Set<string>, other: Set<string>) => [...mine].filter((f) => ![...other].some((o) => o.includes(f)));
const OWN: Record<Locale, string[]> = { nb: own(words(nb), words(en)), en: own(words(en), words(nb)) };

/** What Slack never shows: ids, values and metadata. */
const HIDDEN = new Set(['action_id', 'block_id', 'callback_id', 'value', 'private_metadata', 'url', 'type', 'style', 'external_id']);
/** Every string a rendered view shows (texts, labels, options, an email's text, a file's lines). */
function strings(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.flatMap(strings);
  if (x && typeof x === 'object') return Object.entries(x).flatMap(([k, v]) => (HIDDEN.has(k) ? [] : strings(v)));
  return [];
}

const other = (l: Locale): Locale => (l === 'nb' ? 'en' : 'nb');
function foreignIn(rendered: unknown, locale: Locale): string[] {
  const all = strings(rendered).join('\n');
  return OWN[other(locale)].filter((f) => all.includes(f));
}

const at = new Date('2026-12-07T13:58:00Z');
const row = (over: Partial<RequestRow> = {}): RequestRow =>
  requestRow({
    number: 42,
    status: 'needs_info',
    pausedFrom: 'submitted',
    openQuestion: 'Which API?',
    lastAnswer: 'The register API',
    rejectionReason: 'No agreement',
    assigneeUserId: 'USTAFF001',
    // Names and addresses of no language: what the view adds around them is what is checked.
    vendorOrgName: 'Acme Systems AS',
    customerOrgName: 'Globex AS',
    contactEmail: 'dev@acme.example',
    customerEmail: 'post@globex.example',
    createdAt: at,
    updatedAt: at,
    ...over,
  } as Partial<RequestRow>);
const event = (kind: string, over: Partial<RequestEventRow> = {}): RequestEventRow =>
  ({ id: 1, requestId: row().id, at, kind, actorUserId: 'USTAFF001', actorTeamId: null, fromStatus: null, toStatus: null, details: {}, ...over }) as RequestEventRow;
const homeRow = (n: number, over: Partial<HomeRow> = {}): HomeRow => ({
  id: row().id,
  number: n,
  vendorOrgName: 'Leverandør AS',
  accessType: 'customer_delegation',
  status: 'submitted',
  ageDays: n,
  assigneeUserId: null,
  link: null,
  ...over,
});
const list = (total: number): HomeList => ({ rows: [homeRow(1), homeRow(2, { status: 'altinn_done', accessType: 'fictitious_enterprise' })], total });
const digestList = (total: number) => ({ items: [{ number: 1, vendorOrgName: 'V', days: total, assigneeUserId: null, link: null, late: true }], total });
const report: ReportData = {
  period: { label: '2026-11' } as ReportData['period'],
  figures: {
    received: 1,
    completed: 1,
    rejected: 0,
    withdrawn: 0,
    lead: { toAltinn: { median: 1, p90: 1.5 }, toFnr: { median: null, p90: null }, toConfirmation: { median: 2, p90: 2 }, total: { median: 3, p90: 4 } },
    feedback: { up: 1, total: 1 },
  },
  weekly: { counts: [{ week: '2026-W45', accessType: 'customer_delegation', requests: 1 }], lead: [{ week: '2026-W45', median: 3, p90: 4 }] },
  rows: [],
} as unknown as ReportData;

/** Each view, email and file, in one language. */
function everything(locale: Locale): Record<string, unknown> {
  const t = texts(locale);
  const r = row({ locale });
  const fictitious = row({ locale, accessType: 'fictitious_enterprise', customerOrgNumber: null, customerOrgName: null, status: 'fnr_registered', fictitiousOrgNumber: '310000001' });
  const staffHome: HomeData = { kind: 'staff', userId: 'USTAFF001', sections: { mine: list(1), unassigned: list(14), waiting_vendor: list(2), waiting_altinn: list(1), waiting_fnr: list(0), recently_closed: list(2) } };
  const mail = { reference: 'TT02-0042', vendorOrgName: 'Leverandør AS', vendorOrgNumber: '974760673', contactName: 'Kari', loginFnr: '17912099997', maskinportenGuideUrl: 'https://x.no/', tt02PortalUrl: 'https://tt02.altinn.no/' };
  const views: Record<string, unknown> = {
    intake: intakeModal({ channelId: 'C1', locale }, { access_type: 'customer_delegation' }, { registerOn: true }),
    intakeFictitious: intakeModal({ channelId: 'C1', locale }, { access_type: 'fictitious_enterprise' }, { registerOn: false }),
    submitted: submittedModal(locale, 'TT02-0042'),
    notice: noticeModal(locale, t.duplicate('TT02-0041')),
    registerNotes: [
      registerNoteText(t, '974760673', { kind: 'found', name: 'NAVN AS', place: 'OSLO', bankrupt: true, windingUp: true } as never),
      registerNoteText(t, '974760673', { kind: 'not_found' } as never),
      registerNoteText(t, '974760673', { kind: 'unavailable' } as never),
      registerNoteText(t, '974760674', undefined),
    ],
    receipt: receiptMessage({ id: r.id, number: 42, status: 'needs_info', accessType: 'customer_delegation', vendorOrgName: 'Leverandør AS', requesterUserId: 'U1', locale }),
    vendorNotes: (['altinn_done', 'fnr_registered', 'resumed', 'withdrawn'] as const).map((kind) => vendorNoteMessage({ kind } as never, { id: r.id, accessType: 'fictitious_enterprise', locale })),
    vendorNotes2: [
      vendorNoteMessage({ kind: 'altinn_done' } as never, r),
      vendorNoteMessage({ kind: 'needs_info', question: 'Q?' }, { ...r, requesterUserId: 'U1' }),
      vendorNoteMessage({ kind: 'rejected', reason: 'R' }, r),
      vendorNoteMessage({ kind: 'confirmation_sent', recipientName: 'Kari' }, r),
      vendorNoteMessage({ kind: 'staff_reply', staffUserId: 'U2', text: 'Hi' }, r),
      vendorNoteMessage({ kind: 'mail_failed', recipient: 'contact' }, r),
      vendorNoteMessage({ kind: 'mail_failed', recipient: 'customer' }, r),
    ],
    answerModal: answerInfoModal(r, locale),
    feedbackModal: feedbackWhyModal(r, locale),
    nudgeNote: nudgeNote('U1', 3, locale),
    card: triageCard(
      {
        request: r,
        events: ['submitted', 'claimed', 'needs_info', 'feedback', 'sent_to_altinn'].map((k) => event(k)),
        mail: { state: 'failing', error: 'timeout', outboxId: 1 },
        failedMails: [{ kind: 'rejection', outboxId: 2, error: 'refused' }],
        overlaps: [{ number: 41, channelId: 'C2' }],
      } as never,
      locale,
    ),
    cardFictitious: triageCard({ request: { ...fictitious, loginFnr: '17912099997', loginFnrKind: 'synthetic' }, events: [], mail: null }, locale),
    cardCompleted: triageCard({ request: row({ locale, status: 'completed', feedback: 'down', feedbackComment: 'x', feedbackUserId: 'U1' } as never), events: [], mail: { state: 'sent', at } as never }, locale),
    cardThread: [
      cardThreadMessage({ kind: 'vendor_wrote', userId: 'U1', text: 'hello', assigneeUserId: 'U2' }, locale),
      cardThreadMessage({ kind: 'assigned', assigneeUserId: 'U2', byUserId: 'U3' }, locale),
    ],
    staffModals: [
      fictitiousOrgModal(row({ locale, status: 'submitted', accessType: 'fictitious_enterprise' }), locale),
      registerFnrModal(row({ locale, status: 'altinn_done' }), locale),
      askInfoModal(r, locale),
      rejectModal(r, locale),
      noticeView(locale, t.intake.title, t.staff.notFound),
      confirmationPreviewModal(fictitious, { to: ['kari@l.no'], cc: ['b@l.no'], bcc: ['arkiv@brreg.no'], subject: 'S', text: 'T' }, { to: 'Kari', cc: 'B', customer: { name: 'Kunden AS', address: 'a' } }, locale),
    ],
    conversationModals: [replyModal(r, locale), resumeModal({ ...r, lastVendorReply: 'x' }, locale), assignModal(r, locale), fixContactModal(r, locale)],
    find: [findResults('lev', [{ id: r.id, number: 42, status: 'altinn_done', accessType: 'customer_delegation', vendorOrgName: 'L', customerOrgName: 'K', triagePermalink: null }], 12, locale), findResults('x', [], 0, locale)],
    homeStaff: homeView(staffHome, locale),
    homeRequester: homeView({ kind: 'requester', userId: 'U1', requests: list(3), intakeChannelId: 'C1' }, locale),
    homeRequesterEmpty: homeView({ kind: 'requester', userId: 'U1', requests: { rows: [], total: 0 }, intakeChannelId: null }, locale),
    digest: digestMessage(
      {
        day: '2026-12-07',
        thresholds: { unassigned: 1, step: 3, vendor: 5 },
        unassigned: digestList(1),
        overdue: { altinn: digestList(4), fnr: digestList(2), confirmation: digestList(3) },
        waitingVendor: digestList(6),
        sentToAltinn: digestList(2),
      } as never,
      locale,
    ),
    digestClear: digestMessage({ day: '2026-12-07', thresholds: { unassigned: 1, step: 3, vendor: 5 }, unassigned: digestList(0), overdue: { altinn: digestList(0), fnr: digestList(0), confirmation: digestList(0) }, waitingVendor: digestList(0), sentToAltinn: digestList(0) } as never, locale),
    idle: idleMessage({ userId: 'U1', number: 42, vendorOrgName: 'L', days: 4, link: 'https://x', sinceMs: 0 } as never, locale),
    altinn: [
      altinnBatchLoading(locale),
      altinnBatchModal(locale, []),
      altinnBatchModal(locale, [{ ...r, sentToAltinnAt: at }, { ...fictitious, sentToAltinnAt: null }]),
      altinnBatchMessage(locale, '00000000-0000-4000-8000-000000000001', [1, 2]),
    ],
    // The Teams staff tools' cards (src/teams/views/tools.ts), in the staff member's Teams language.
    teamsTools: [
      queueCard(staffHome as Extract<HomeData, { kind: 'staff' }>, locale, (id) => id),
      findCard('lev', [{ id: r.id, number: 42, status: 'altinn_done', accessType: 'customer_delegation', vendorOrgName: 'L', customerOrgName: 'K', triagePermalink: null }], 12, locale),
      findCard('x', [], 0, locale),
      altinnPickCard([{ ...r, sentToAltinnAt: at }, { ...fictitious, sentToAltinnAt: null }], 'b', locale),
      altinnPickCard([], 'b', locale),
      altinnBatchCard('b', [1, 2], locale),
      reportCard(t.reports.reportComment('2026-11', 3), null, t.reports.chart.title('2026-11')),
      idleCard({ userId: 'U1', number: 42, vendorOrgName: 'L', days: 4, link: 'https://x', sinceMs: 0 }, locale),
      ...Object.values(t.teamsTools).map((v) => noticeCard(typeof v === 'function' ? (v as (...a: unknown[]) => string)('x', 'y') : v)),
    ],
    emails: [
      confirmationEmail({ ...mail, accessType: 'customer_delegation', customerOrgName: 'Kunden AS', customerOrgNumber: '923609016', customerEmailed: true, archiveCopy: true }, locale),
      confirmationEmail({ ...mail, accessType: 'fictitious_enterprise', fictitiousOrgNumber: '310000001' }, locale),
      questionEmail({ ...mail, question: 'Q?' }, locale),
      rejectionEmail({ ...mail, accessType: 'customer_delegation', reason: '' }, locale),
      nudgeEmail({ ...mail, question: 'Q?', waited: t.home.age(3) }, locale),
    ],
    files: [
      monthlySummaryText(report, locale),
      chartInput(report, t),
      archiveText(
        {
          ...r,
          status: 'completed',
          loginFnrKind: 'dnr',
          feedback: 'up',
          events: [{ at, kind: 'altinn_done', actorUserId: 'U1', fromStatus: 'submitted', toStatus: 'altinn_done' }],
        } as never,
        locale,
        at,
      ),
    ],
  };
  return views;
}

describe('one language per view (the rule in the README)', () => {
  it('the check itself: each catalogue has words of its own, and finds them', () => {
    expect(OWN.nb).toContain('Fyll ut dette feltet');
    expect(OWN.en).toContain('Please fill in this field');
    expect(foreignIn({ text: nb.errors.required }, 'en')).toEqual(['Fyll ut dette feltet']);
  });

  for (const locale of ['nb', 'en'] as const) {
    it(`every view, email and file in ${locale} holds no text of the other language`, () => {
      const found = Object.entries(everything(locale))
        .map(([name, view]) => [name, foreignIn(view, locale)] as const)
        .filter(([, f]) => f.length > 0);
      expect(Object.fromEntries(found)).toEqual({});
    });
  }
});
