import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { PLATFORMS } from '../domain/address.js';
import type { EventKind } from '../domain/events.js';
import type { FnrKind } from '../domain/fnr.js';
import { ACCESS_TYPES } from '../domain/intake.js';
import { OPEN_STATUSES, STATUSES } from '../domain/lifecycle.js';
import { LOCALES } from '../domain/texts/index.js';
import type { Verification } from '../domain/verification.js';

/** The lifecycle's statuses, the access types and the languages as the database knows them: from domain/, never listed here. */
export const requestStatus = pgEnum('request_status', STATUSES);
export const accessType = pgEnum('access_type', ACCESS_TYPES);
export const locale = pgEnum('locale', LOCALES);
export const platform = pgEnum('platform', PLATFORMS);

/**
 * Statuses in which a request still counts as open (duplicates are refused against these), as a
 * literal list: the partial unique index's predicate must be constant, and statements that rely on
 * that index repeat the same text. The values are the domain's own identifiers, never user input.
 */
export const OPEN_STATUSES_SQL = sql.raw(`status in (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`);

/**
 * The last reference number given out: one row, counted up by each request's insert. Unlike a
 * sequence, the count rolls back with the transaction: the references have no gaps. Inserts of
 * requests take turns on this row until they commit; at a few requests a day that costs nothing.
 */
export const requestNumbers = pgTable('request_numbers', { one: boolean('one').primaryKey().default(true), last: integer('last').notNull() }, (t) => [
  check('request_numbers_one_row', sql`${t.one}`),
]);

export const requests = pgTable(
  'requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /**
     * Source of the human reference TT02-0042: the next number from `request_numbers`, taken by the
     * insert in its transaction (migrations/0006), so a refused or failed submission takes none.
     */
    number: integer('number').notNull().default(sql`next_request_number()`),
    status: requestStatus('status').notNull(),
    /** While paused in needs_info: the status to resume to. */
    pausedFrom: requestStatus('paused_from'),
    accessType: accessType('access_type').notNull(),
    vendorOrgNumber: text('vendor_org_number').notNull(),
    vendorOrgName: text('vendor_org_name').notNull(),
    vendorRegister: jsonb('vendor_register'),
    customerOrgNumber: text('customer_org_number'),
    customerOrgName: text('customer_org_name'),
    customerRegister: jsonb('customer_register'),
    /** verified | not_verified | disabled: whether Enhetsregisteret confirmed the numbers. */
    verification: text('verification').$type<Verification>().notNull().default('disabled'),
    /** Contact name, email and phone are emptied ('') when the request's personal data is purged. */
    contactName: text('contact_name').notNull(),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone').notNull(),
    customerEmail: text('customer_email'),
    customerPhone: text('customer_phone'),
    productionDataAck: boolean('production_data_ack').notNull().default(false),
    locale: locale('locale').notNull().default('nb'),
    requesterUserId: text('requester_user_id').notNull(),
    requesterTeamId: text('requester_team_id'),
    requesterEnterpriseId: text('requester_enterprise_id'),
    /**
     * The requester's name as their platform showed it at submission (Slack's real name, Teams' display
     * name): the other platform's card cannot resolve the id. Personal data: emptied by the purge.
     */
    requesterName: text('requester_name'),
    /** The request's address (domain/address.ts): the platform it came from, with `channelId` its conversation and `receiptTs` its thread. */
    platform: platform('platform').notNull().default('slack'),
    channelId: text('channel_id').notNull(),
    receiptTs: text('receipt_ts'),
    receiptPermalink: text('receipt_permalink'),
    /**
     * Teams: the Bot Connector URL the filing activity came with (signed, checked against the token's
     * `serviceurl` claim). Proactive posts to the vendor's conversation go there; it differs by region.
     * Null: Slack, or filed before it was kept (TEAMS_SERVICE_URL then).
     */
    serviceUrl: text('service_url'),
    triageChannelId: text('triage_channel_id'),
    triageTs: text('triage_ts'),
    /** The card's permalink, stored when it is posted: find and App Home link to it without a call each. */
    triagePermalink: text('triage_permalink'),
    /** The modal's view id: Slack retries and double submits of one view carry the same id. */
    submissionKey: text('submission_key').notNull(),
    assigneeUserId: text('assignee_user_id'),
    fictitiousOrgNumber: text('fictitious_org_number'),
    loginFnr: text('login_fnr'),
    /** Kept for the audit when the number itself is erased. */
    loginFnrKind: text('login_fnr_kind').$type<FnrKind>(),
    /** When the fødselsnummer was erased: the mail server accepted the confirmation that carried it. */
    loginFnrErasedAt: timestamp('login_fnr_erased_at', { withTimezone: true }),
    openQuestion: text('open_question'),
    lastAnswer: text('last_answer'),
    /** The vendor's latest reply in its thread (mirrored to the card): pre-fills staff's "Resume". Free text. */
    lastVendorReply: text('last_vendor_reply'),
    rejectionReason: text('rejection_reason'),
    /** After completion the vendor answers "Did this work for you?": up | down, with one line of why. */
    feedback: text('feedback'),
    feedbackComment: text('feedback_comment'),
    feedbackUserId: text('feedback_user_id'),
    feedbackAt: timestamp('feedback_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the personal data of this closed request was purged (RETENTION_DAYS); null: not yet. */
    purgedAt: timestamp('purged_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('requests_number_key').on(t.number),
    uniqueIndex('requests_submission_key').on(t.submissionKey),
    // One open request per vendor and customer (or vendor and fictitious) in each channel: enforced
    // by the database so that two simultaneous submissions cannot both get through. Per channel,
    // because a vendor in one channel must learn nothing about another channel's requests; staff see
    // such overlaps on the card. (Its leading columns also serve the overlap look-up.)
    uniqueIndex('requests_open_pair_channel_key')
      .on(t.vendorOrgNumber, sql`coalesce(${t.customerOrgNumber}, '')`, t.channelId)
      .where(OPEN_STATUSES_SQL),
    index('requests_triage_ts_idx').on(t.triageTs),
    // The retention job looks only at requests not purged yet: purged rows stay for the audit.
    index('requests_unpurged_idx').on(t.status).where(sql`purged_at is null`),
    // The intake modal is pre-filled from the channel's last request: read while the modal opens.
    index('requests_channel_created_idx').on(t.channelId, t.createdAt),
  ],
);

export const requestEvents = pgTable(
  'request_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: uuid('request_id').references(() => requests.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    kind: text('kind').$type<EventKind>().notNull(),
    actorUserId: text('actor_user_id').notNull(),
    actorTeamId: text('actor_team_id'),
    fromStatus: requestStatus('from_status'),
    toStatus: requestStatus('to_status'),
    /** Never personal data: no email, phone or fødselsnummer. */
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('request_events_request_idx').on(t.requestId, t.id)],
);

export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: uuid('request_id').references(() => requests.id),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().default({}),
    /** One row per side effect: enqueueing the same effect twice is a no-op. */
    dedupeKey: text('dedupe_key').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /**
     * Set afresh at every claim: the worker holding the lease must present it to renew or mark the
     * row, so a worker whose lease ran out (and was taken over) can no longer write.
     */
    leaseToken: uuid('lease_token'),
    lastError: text('last_error'),
    result: jsonb('result'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_key').on(t.dedupeKey),
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_request_idx').on(t.requestId),
    // The rows a request still waits on: the outbox's claim looks only at those (claimDue), where a
    // busy card's request holds hundreds of rows done.
    index('outbox_pending_request_idx').on(t.requestId, t.id).where(sql`status = 'pending'`),
  ],
);

/** Slack retries events; we remember which ones we handled. */
export const seenSlackEvents = pgTable('seen_slack_events', {
  eventId: text('event_id').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Who has opened the app's Home tab, and when: a change to a request republishes the Home tabs of the
 * staff who looked recently and of its requester, not of everyone in the workspace.
 */
export const homeViewers = pgTable('home_viewers', {
  userId: text('user_id').primaryKey(),
  isStaff: boolean('is_staff').notNull(),
  locale: locale('locale').notNull().default('nb'),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
});

export type RequestRow = typeof requests.$inferSelect;
export type NewRequestRow = typeof requests.$inferInsert;
export type RequestEventRow = typeof requestEvents.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;

/**
 * The Teams people the app has met (from their activities, or looked up in the triage team's roster
 * when assigned): the name to @mention them by, and what a proactive personal chat needs. Teams gives
 * no name with an Entra object id, and a bot can only message a person it knows the Teams id of.
 */
export const teamsPeople = pgTable('teams_people', {
  /** The Entra object id: what `assignee_user_id` and the events hold for a Teams user. */
  aadObjectId: text('aad_object_id').primaryKey(),
  /** The Bot Framework id (29:…), for mentions and for creating the personal chat. */
  teamsUserId: text('teams_user_id').notNull(),
  name: text('name').notNull(),
  tenantId: text('tenant_id').notNull(),
  /** The personal chat with the bot, once it exists (a:…). */
  personalConversationId: text('personal_conversation_id'),
  locale: locale('locale').notNull().default('nb'),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
});
export type TeamsPersonRow = typeof teamsPeople.$inferSelect;
