import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Executor } from '../client.js';

/**
 * Report figures, computed in SQL over the audit events (request_events). Days are Oslo calendar
 * days; a lead time is counted in working days like src/domain/workingDays (the days after the start
 * day up to and including the end day, without weekends and the public holidays passed in).
 */
export interface FigureWindow {
  /** Oslo days, `from` inclusive, `to` exclusive. */
  from: string;
  to: string;
  /** Public holidays (YYYY-MM-DD) of every year a lead time may span. */
  holidays: string[];
}

/** Rows of a raw statement, parsed (see rowsOf). */
function parsedRows<S extends z.ZodType>(result: unknown, row: S): z.infer<S>[] {
  return z.array(row).parse(rowsOf(result));
}

/** Text (or a to_char) that may be null. */
const maybeText = z.string().nullable();

/** Days to one decimal: what a reader needs, and free of floating-point noise (7.500000000000001). */
const days = (v: unknown): number => Math.round(Number(v) * 10) / 10;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : days(v));

const start = (w: FigureWindow) => sql`((${w.from}::date)::timestamp at time zone 'Europe/Oslo')`;
const end = (w: FigureWindow) => sql`((${w.to}::date)::timestamp at time zone 'Europe/Oslo')`;
const inWindow = (col: SQL, w: FigureWindow) => sql`${col} >= ${start(w)} and ${col} < ${end(w)}`;

/** Working days between two instants, as a scalar subquery; `h.days` is the holidays array. */
const workingDays = (a: SQL, b: SQL) => sql`(
  select count(*)::int from generate_series(
    (${a} at time zone 'Europe/Oslo')::date + 1, (${b} at time zone 'Europe/Oslo')::date, interval '1 day') as g(d)
  where extract(isodow from g.d) < 6 and not (g.d::date = any(h.days)))`;

/** Each request's first event of each step, and the working days between them. */
const stepsCte = (w: FigureWindow) => sql`
  h as (select coalesce(string_to_array(nullif(${w.holidays.join(',')}, ''), ','), '{}')::date[] as days),
  first_ev as (
    select request_id, kind, min(at) as at from request_events
    where request_id is not null and kind in ('submitted', 'altinn_done', 'fnr_registered', 'completed')
    group by request_id, kind),
  steps as (
    select s.request_id, s.at as submitted, a.at as altinn, f.at as fnr, c.at as completed
    from first_ev s
    left join first_ev a on a.request_id = s.request_id and a.kind = 'altinn_done'
    left join first_ev f on f.request_id = s.request_id and f.kind = 'fnr_registered'
    left join first_ev c on c.request_id = s.request_id and c.kind = 'completed'
    where s.kind = 'submitted'),
  done as (
    select steps.*,
      to_char(completed at time zone 'Europe/Oslo', 'IYYY-"W"IW') as week,
      ${workingDays(sql`submitted`, sql`altinn`)} as to_altinn,
      ${workingDays(sql`altinn`, sql`fnr`)} as to_fnr,
      ${workingDays(sql`fnr`, sql`completed`)} as to_confirmation,
      ${workingDays(sql`submitted`, sql`completed`)} as total
    from steps, h
    where ${inWindow(sql`completed`, w)})`;

export interface LeadTime {
  median: number | null;
  p90: number | null;
}

export interface PeriodFigures {
  received: number;
  completed: number;
  rejected: number;
  withdrawn: number;
  /** Working days, for the requests completed in the period. */
  lead: { toAltinn: LeadTime; toFnr: LeadTime; toConfirmation: LeadTime; total: LeadTime };
  feedback: { up: number; total: number };
}

export async function periodFigures(db: Executor, w: FigureWindow): Promise<PeriodFigures> {
  const pc = (p: number, col: string) => sql`percentile_cont(${sql.raw(String(p))}) within group (order by ${sql.raw(col)})`;
  const result = await db.execute(sql`
    with ${stepsCte(w)},
    counted as (
      select
        count(*) filter (where kind = 'submitted') as received,
        count(*) filter (where kind = 'completed') as completed,
        count(*) filter (where kind = 'rejected') as rejected,
        count(*) filter (where kind = 'withdrawn') as withdrawn,
        count(*) filter (where kind = 'feedback' and details->>'value' = 'up') as feedback_up,
        count(*) filter (where kind = 'feedback') as feedback_total
      from request_events where ${inWindow(sql`at`, w)}),
    lead as (
      select ${pc(0.5, 'to_altinn')} as a50, ${pc(0.9, 'to_altinn')} as a90,
        ${pc(0.5, 'to_fnr')} as f50, ${pc(0.9, 'to_fnr')} as f90,
        ${pc(0.5, 'to_confirmation')} as c50, ${pc(0.9, 'to_confirmation')} as c90,
        ${pc(0.5, 'total')} as t50, ${pc(0.9, 'total')} as t90
      from done)
    select * from counted, lead`);
  const r = parsedRows(result, z.record(z.string(), z.unknown()))[0] ?? {};
  const lt = (a: string, b: string): LeadTime => ({ median: num(r[a]), p90: num(r[b]) });
  return {
    received: Number(r.received ?? 0),
    completed: Number(r.completed ?? 0),
    rejected: Number(r.rejected ?? 0),
    withdrawn: Number(r.withdrawn ?? 0),
    lead: { toAltinn: lt('a50', 'a90'), toFnr: lt('f50', 'f90'), toConfirmation: lt('c50', 'c90'), total: lt('t50', 't90') },
    feedback: { up: Number(r.feedback_up ?? 0), total: Number(r.feedback_total ?? 0) },
  };
}

export interface WeeklyCount {
  week: string;
  accessType: string;
  requests: number;
}

export interface WeeklyLead {
  week: string;
  median: number;
  p90: number;
}

/** Requests received per ISO week (Oslo), by access type, and submission-to-completion per week. */
export async function weeklySeries(db: Executor, w: FigureWindow): Promise<{ counts: WeeklyCount[]; lead: WeeklyLead[] }> {
  const counts = await db.execute(sql`
    select to_char(e.at at time zone 'Europe/Oslo', 'IYYY-"W"IW') as week, r.access_type::text as access_type, count(*) as n
    from request_events e join requests r on r.id = e.request_id
    where e.kind = 'submitted' and ${inWindow(sql`e.at`, w)}
    group by 1, 2 order by 1, 2`);
  const lead = await db.execute(sql`
    with ${stepsCte(w)}
    select week, percentile_cont(0.5) within group (order by total) as median,
      percentile_cont(0.9) within group (order by total) as p90
    from done group by week order by week`);
  return {
    counts: parsedRows(counts, z.object({ week: z.string(), access_type: z.string(), n: z.unknown() })).map((r) => ({
      week: r.week,
      accessType: r.access_type,
      requests: Number(r.n),
    })),
    lead: parsedRows(lead, z.object({ week: z.string(), median: z.unknown(), p90: z.unknown() })).map((r) => ({
      week: r.week,
      median: days(r.median),
      p90: days(r.p90),
    })),
  };
}

export interface ReportRow {
  number: number;
  accessType: string;
  status: string;
  assigneeUserId: string | null;
  submitted: string | null;
  sentToAltinn: string | null;
  altinnDone: string | null;
  fnrRegistered: string | null;
  completed: string | null;
  rejected: string | null;
  withdrawn: string | null;
  rejectionReason: string | null;
  feedback: string | null;
  feedbackComment: string | null;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  customerEmail: string | null;
  customerPhone: string | null;
}

const reportRowSchema = z.object({
  number: z.coerce.number(),
  access_type: z.string(),
  status: z.string(),
  assignee_user_id: maybeText,
  submitted: maybeText,
  sent_to_altinn: maybeText,
  altinn_done: maybeText,
  fnr_registered: maybeText,
  completed: maybeText,
  rejected: maybeText,
  withdrawn: maybeText,
  rejection_reason: maybeText,
  feedback: maybeText,
  feedback_comment: maybeText,
  contact_name: z.string(),
  contact_email: z.string(),
  contact_phone: z.string(),
  customer_email: maybeText,
  customer_phone: maybeText,
});

/** One row per request submitted in the window, with the Oslo time of each step's first event. */
export async function reportRows(db: Executor, w: FigureWindow): Promise<ReportRow[]> {
  const at = (kind: string) =>
    sql`to_char((select min(e.at) from request_events e where e.request_id = r.id and e.kind = ${kind}) at time zone 'Europe/Oslo', 'YYYY-MM-DD HH24:MI')`;
  const lastAt = (kind: string) =>
    sql`to_char((select max(e.at) from request_events e where e.request_id = r.id and e.kind = ${kind}) at time zone 'Europe/Oslo', 'YYYY-MM-DD HH24:MI')`;
  const result = await db.execute(sql`
    select r.number, r.access_type, r.status, r.assignee_user_id,
      ${at('submitted')} as submitted, ${lastAt('sent_to_altinn')} as sent_to_altinn, ${at('altinn_done')} as altinn_done,
      ${at('fnr_registered')} as fnr_registered, ${at('completed')} as completed, ${at('rejected')} as rejected,
      ${at('withdrawn')} as withdrawn, r.rejection_reason, r.feedback, r.feedback_comment,
      r.contact_name, r.contact_email, r.contact_phone, r.customer_email, r.customer_phone
    from requests r
    where exists (select 1 from request_events e where e.request_id = r.id and e.kind = 'submitted' and ${inWindow(sql`e.at`, w)})
    order by r.number`);
  return parsedRows(result, reportRowSchema).map((r) => ({
    number: Number(r.number),
    accessType: r.access_type,
    status: r.status,
    assigneeUserId: r.assignee_user_id,
    submitted: r.submitted,
    sentToAltinn: r.sent_to_altinn,
    altinnDone: r.altinn_done,
    fnrRegistered: r.fnr_registered,
    completed: r.completed,
    rejected: r.rejected,
    withdrawn: r.withdrawn,
    rejectionReason: r.rejection_reason,
    feedback: r.feedback,
    feedbackComment: r.feedback_comment,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    contactPhone: r.contact_phone,
    customerEmail: r.customer_email,
    customerPhone: r.customer_phone,
  }));
}
