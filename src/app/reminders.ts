import type { ReminderSettings } from '../config.js';
import type { Db } from '../db/client.js';
import type { Ports } from './ports.js';
import { findQueueRow, listQueue, type QueueRow } from '../db/repositories/home.js';
import { enqueue, type OutboxItem } from '../db/repositories/outbox.js';
import { effect } from './effects.js';
import { findRequestById } from '../db/repositories/requests.js';
import { OPEN_STATUSES, isStatus, waitingFor, type Waiting } from '../domain/lifecycle.js';
import type { Platform } from '../domain/address.js';
import type { Locale } from '../domain/texts/index.js';
import { isWorkingDay, osloDay, osloMinutes, workingDaysBetween, type Day } from '../domain/workingDays.js';
import { overdueSentToAltinn, type OverdueAltinn } from './altinnBatch.js';
import { REMINDER_EFFECT, type DigestItem, type DigestList, type DigestPayload, type IdlePayload } from './reminderEffects.js';

/** Direct messages and vendor nudges go out from this time on working days when the digest is off. */
const DEFAULT_MORNING = 8 * 60 + 30;
/** Items per list in the digest (a message holds at most 50 blocks; the rest is "and N more"). */
const DIGEST_ITEMS = 15;

export interface ReminderRun {
  /** The day's digest was queued (or already was). */
  digest: boolean;
  idle: number;
  nudges: number;
}

const NOTHING: ReminderRun = { digest: false, idle: 0, nudges: 0 };

/** The Oslo day on which `from` has been waited on for `n` working days (what workingDaysBetween counts). */
export function crossingDay(from: Date, n: number): Day {
  let day = osloDay(from);
  for (let left = n; left > 0; ) {
    const d = new Date(`${day}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    day = d.toISOString().slice(0, 10);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

function digestList(rows: QueueRow[], days: (r: QueueRow) => number, threshold: number): DigestList {
  const items: DigestItem[] = rows
    .map((r) => ({
      number: r.number,
      vendorOrgName: r.vendorOrgName,
      days: days(r),
      assigneeUserId: r.assigneeUserId,
      link: r.triagePermalink,
      late: days(r) >= threshold,
    }))
    .sort((a, b) => b.days - a.days || a.number - b.number);
  return { items: items.slice(0, DIGEST_ITEMS), total: items.length };
}

/** The morning digest: what is unassigned, what is overdue at each step, what has waited too long for the vendor. */
export function buildDigest(open: QueueRow[], s: ReminderSettings, now: Date, sentToAltinn: OverdueAltinn[] = []): DigestPayload {
  const waiting = (r: QueueRow): Waiting | null => waitingFor(r.status);
  const inStep = (r: QueueRow) => workingDaysBetween(r.statusSince, now);
  const overdueAt = (w: Waiting) => digestList(open.filter((r) => waiting(r) === w && inStep(r) >= s.stepDays), inStep, s.stepDays);
  const sinceQuestion = (r: QueueRow) => workingDaysBetween(r.questionAt ?? r.statusSince, now);
  return {
    day: osloDay(now),
    thresholds: { unassigned: s.unassignedDays, step: s.stepDays, vendor: s.vendorDays },
    unassigned: digestList(
      open.filter((r) => !r.assigneeUserId),
      (r) => workingDaysBetween(r.createdAt, now),
      s.unassignedDays,
    ),
    overdue: { altinn: overdueAt('altinn'), fnr: overdueAt('fnr'), confirmation: overdueAt('confirmation') },
    waitingVendor: digestList(
      open.filter((r) => waiting(r) === 'vendor' && sinceQuestion(r) >= s.vendorDays),
      sinceQuestion,
      s.vendorDays,
    ),
    sentToAltinn: {
      items: sentToAltinn
        .map((a) => {
          const r = open.find((o) => o.id === a.id);
          return { number: a.number, vendorOrgName: a.vendorOrgName, days: a.workingDays, assigneeUserId: r?.assigneeUserId ?? null, link: r?.triagePermalink ?? null, late: true };
        })
        .sort((a, b) => b.days - a.days || a.number - b.number)
        .slice(0, DIGEST_ITEMS),
      total: sentToAltinn.length,
    },
  };
}

/**
 * Everything due at `now`, queued as outbox rows whose dedupe keys make each happen once: the day's
 * digest (`digest:<day>`), a direct message to the assignee of a request idle past the step
 * threshold (`idle:<request>:<day it crossed>`), and a nudge to the vendor on a question unanswered
 * for NUDGE_VENDOR_DAYS (`nudge:<request>:<question event>`, with its email). Every instance runs
 * this on its ticker; a second run, here or elsewhere, finds the keys taken and adds nothing, and
 * the outbox's leases deliver each row once. Nothing is due on weekends, public holidays, or before
 * the morning time (DIGEST_TIME).
 */
export async function enqueueDueReminders(db: Db, s: ReminderSettings, now: Date): Promise<ReminderRun> {
  const today = osloDay(now);
  if (!isWorkingDay(today)) return NOTHING;
  if (osloMinutes(now) < (s.digestAt ?? DEFAULT_MORNING)) return NOTHING;
  const open = await listQueue(db, OPEN_STATUSES);
  const items: OutboxItem[] = [];
  if (s.digestAt !== null) {
    const sentToAltinn = await overdueSentToAltinn({ db }, { thresholdWorkingDays: s.stepDays, now });
    items.push(effect(REMINDER_EFFECT.digest, null, `digest:${today}`, buildDigest(open, s, now, sentToAltinn)));
  }
  let idle = 0;
  let nudges = 0;
  for (const r of open) {
    const w = isStatus(r.status) ? waitingFor(r.status) : null;
    if (w && w !== 'vendor' && r.assigneeUserId) {
      const days = workingDaysBetween(r.lastActivityAt, now);
      if (days >= s.stepDays) {
        const payload: IdlePayload = {
          userId: r.assigneeUserId,
          number: r.number,
          vendorOrgName: r.vendorOrgName,
          days,
          link: r.triagePermalink,
          sinceMs: r.lastActivityAt.getTime(),
        };
        items.push(effect(REMINDER_EFFECT.idle, r.id, `idle:${r.id}:${crossingDay(r.lastActivityAt, s.stepDays)}`, payload));
        idle += 1;
      }
    }
    if (w === 'vendor' && r.questionEventId !== null && r.questionAt) {
      const days = workingDaysBetween(r.questionAt, now);
      if (days >= s.nudgeVendorDays) {
        const payload = { questionEventId: r.questionEventId, days };
        items.push(
          effect(REMINDER_EFFECT.nudgeNote, r.id, `nudge:${r.id}:${r.questionEventId}`, payload),
          effect(REMINDER_EFFECT.nudgeMail, r.id, `nudge-mail:${r.id}:${r.questionEventId}`, payload),
        );
        nudges += 1;
      }
    }
  }
  await enqueue(db, items);
  return { digest: s.digestAt !== null, idle, nudges };
}

/** Still idle since the same activity, and still with the same assignee: the DM is worth sending. */
export async function idleStillDue({ db }: Pick<Ports, 'db'>, requestId: string, p: IdlePayload): Promise<boolean> {
  const r = await findQueueRow(db, requestId);
  if (!r || !isStatus(r.status)) return false;
  const w = waitingFor(r.status);
  return !!w && w !== 'vendor' && r.assigneeUserId === p.userId && r.lastActivityAt.getTime() <= p.sinceMs;
}

export interface NudgeTarget {
  number: number;
  vendorOrgName: string;
  /** the register's answer at intake, so the email can give the register's name (mail/orgNames) */
  vendorRegister: unknown;
  requesterUserId: string;
  /** Where the vendor meets us: the email names that channel. */
  platform: Platform;
  channelId: string;
  receiptTs: string | null;
  /** Teams: the conversation's Bot Connector URL (null: TEAMS_SERVICE_URL). */
  serviceUrl: string | null;
  locale: Locale;
  accessType: string;
  contactName: string;
  contactEmail: string;
  question: string;
  purged: boolean;
}

/** The request a nudge is about, while the question is still the open one; undefined once answered or closed. */
export async function nudgeTarget({ db }: Pick<Ports, 'db'>, requestId: string, questionEventId: number): Promise<NudgeTarget | undefined> {
  const [q, r] = await Promise.all([findQueueRow(db, requestId), findRequestById(db, requestId)]);
  if (!q || !r || !isStatus(q.status) || waitingFor(q.status) !== 'vendor' || q.questionEventId !== questionEventId) return undefined;
  return {
    number: r.number,
    vendorOrgName: r.vendorOrgName,
    vendorRegister: r.vendorRegister,
    requesterUserId: r.requesterUserId,
    platform: r.platform,
    channelId: r.channelId,
    receiptTs: r.receiptTs,
    serviceUrl: r.serviceUrl,
    locale: r.locale === 'en' ? 'en' : 'nb',
    accessType: r.accessType,
    contactName: r.contactName,
    contactEmail: r.contactEmail,
    question: r.openQuestion ?? '',
    purged: !!r.purgedAt,
  };
}
