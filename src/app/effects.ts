import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OutboxItem } from '../db/repositories/outbox.js';
import { altinnBatchPayload, exportFilePayload, monthlySummaryPayload, reportFilePayload } from './fileEffects.js';
import { EFFECT_HOME_PUBLISH, REMINDER_EFFECT, digestPayload, homePublishPayload, idlePayload, nudgePayload } from './reminderEffects.js';

/**
 * The side effects a state change causes, as outbox rows written in the same transaction.
 * Dedupe keys make each effect happen once however often it is enqueued.
 */
export const EFFECT = {
  receiptPost: 'slack.receipt.post',
  cardPost: 'slack.card.post',
  cardUpdate: 'slack.card.update',
  vendorNote: 'slack.vendor.note',
  confirmationMail: 'mail.confirmation',
  customerMail: 'mail.customer',
  rejectionMail: 'mail.rejection',
  homePublish: EFFECT_HOME_PUBLISH,
  digestPost: REMINDER_EFFECT.digest,
  idleReminder: REMINDER_EFFECT.idle,
  nudgeNote: REMINDER_EFFECT.nudgeNote,
  nudgeMail: REMINDER_EFFECT.nudgeMail,
  /** A post in the triage card's thread: the vendor's words mirrored, a note to the assignee. */
  cardThreadPost: 'slack.card.thread',
  questionMail: 'mail.question',
  /** Files uploaded with files.uploadV2 (reports, the Altinn list, exports, the monthly summary). */
  reportFile: 'slack.file.report',
  exportFile: 'slack.file.export',
  altinnBatchFile: 'slack.file.altinn_batch',
  /** The batch's message in the triage channel, with the button that records the Altinn step for all. */
  altinnBatchMessage: 'slack.altinn_batch.message',
  monthlySummary: 'slack.monthly_summary',
  /** The purge: a post that carried personal data or free text is edited to say it was deleted. */
  postRedact: 'slack.post.redact',
} as const;

export type EffectKind = (typeof EFFECT)[keyof typeof EFFECT];

/** Notes posted in the vendor's thread: never personal data. */
const vendorNoteSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('altinn_done') }),
  z.object({ kind: z.literal('fnr_registered') }),
  z.object({ kind: z.literal('needs_info'), question: z.string() }),
  z.object({ kind: z.literal('resumed') }),
  z.object({ kind: z.literal('rejected'), reason: z.string() }),
  z.object({ kind: z.literal('withdrawn') }),
  z.object({ kind: z.literal('confirmation_sent'), recipientName: z.string() }),
  /** Staff's "Reply to vendor": the staff member is named by Slack mention, never contact data. */
  z.object({ kind: z.literal('staff_reply'), text: z.string(), staffUserId: z.string() }),
  /** An email was given up: said without the address. */
  z.object({ kind: z.literal('mail_failed'), recipient: z.enum(['contact', 'customer']) }),
]);
export type VendorNote = z.infer<typeof vendorNoteSchema>;

/** Posts in the triage card's thread (internal: the vendor's own words are fine here). */
const cardThreadPostSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vendor_wrote'), userId: z.string(), text: z.string(), assigneeUserId: z.string().nullable() }),
  z.object({ kind: z.literal('assigned'), assigneeUserId: z.string(), byUserId: z.string() }),
  /** The vendor wrote after the purge: staff are told, and the text is not stored. */
  z.object({ kind: z.literal('vendor_wrote_after_purge'), userId: z.string(), assigneeUserId: z.string().nullable() }),
]);
export type CardThreadPost = z.infer<typeof cardThreadPostSchema>;

/** Which thread a redacted post is in: the card's (triage channel) or the receipt's (vendor channel). */
const postRedactSchema = z.object({ thread: z.enum(['card', 'vendor']), ts: z.string() });

/** Effects that need nothing but their request: whatever else a row holds is ignored. */
const noPayload = z.object({});

/**
 * The effect registry: one schema per kind for the payload its outbox row carries. Every payload is
 * parsed with it when the row is read (see outbox/dispatch.ts), never cast.
 */
export const EFFECT_PAYLOADS = {
  [EFFECT.receiptPost]: noPayload,
  [EFFECT.cardPost]: noPayload,
  [EFFECT.cardUpdate]: noPayload,
  [EFFECT.vendorNote]: vendorNoteSchema,
  [EFFECT.confirmationMail]: noPayload,
  [EFFECT.customerMail]: noPayload,
  [EFFECT.rejectionMail]: noPayload,
  [EFFECT.homePublish]: homePublishPayload,
  [EFFECT.digestPost]: digestPayload,
  [EFFECT.idleReminder]: idlePayload,
  [EFFECT.nudgeNote]: nudgePayload,
  [EFFECT.nudgeMail]: nudgePayload,
  [EFFECT.cardThreadPost]: cardThreadPostSchema,
  [EFFECT.questionMail]: z.object({ question: z.string() }),
  [EFFECT.reportFile]: reportFilePayload,
  [EFFECT.exportFile]: exportFilePayload,
  [EFFECT.altinnBatchFile]: altinnBatchPayload,
  [EFFECT.altinnBatchMessage]: altinnBatchPayload,
  [EFFECT.monthlySummary]: monthlySummaryPayload,
  [EFFECT.postRedact]: postRedactSchema,
} as const satisfies Record<EffectKind, z.ZodType>;

export type EffectPayload<K extends EffectKind> = z.infer<(typeof EFFECT_PAYLOADS)[K]>;

export const effectKindSchema = z.enum(EFFECT);

export const receiptPost = (requestId: string): OutboxItem => ({
  kind: EFFECT.receiptPost,
  requestId,
  dedupeKey: `receipt:${requestId}`,
});

export const cardPost = (requestId: string): OutboxItem => ({
  kind: EFFECT.cardPost,
  requestId,
  dedupeKey: `card-post:${requestId}`,
});

/** Every call a new key: a card shown stale is re-rendered from the stored truth each time it is asked for. */
export const cardRefresh = (requestId: string): OutboxItem => cardUpdate(requestId, `refresh-${randomUUID()}`);

/** `cause` names what changed (an event id): one update per change. */
export const cardUpdate = (requestId: string, cause: string | number): OutboxItem => ({
  kind: EFFECT.cardUpdate,
  requestId,
  dedupeKey: `card-update:${requestId}:${cause}`,
});

export const vendorNote = (requestId: string, cause: string | number, note: VendorNote): OutboxItem => ({
  kind: EFFECT.vendorNote,
  requestId,
  payload: note,
  dedupeKey: `vendor-note:${requestId}:${cause}`,
});

export const confirmationMail = (requestId: string): OutboxItem => ({
  kind: EFFECT.confirmationMail,
  requestId,
  dedupeKey: `mail-confirmation:${requestId}`,
});

/** Customer delegation: the customer's own email about what to delegate, and to whom. */
export const customerMail = (requestId: string): OutboxItem => ({
  kind: EFFECT.customerMail,
  requestId,
  dedupeKey: `mail-customer:${requestId}`,
});

export const rejectionMail = (requestId: string): OutboxItem => ({
  kind: EFFECT.rejectionMail,
  requestId,
  dedupeKey: `mail-rejection:${requestId}`,
});

export const cardThreadPost = (requestId: string, key: string, post: CardThreadPost): OutboxItem => ({
  kind: EFFECT.cardThreadPost,
  requestId,
  payload: post,
  dedupeKey: `card-thread:${requestId}:${key}`,
});

/** A staff question also goes to the contact person by email; `cause` is the question's event id. */
export const questionMail = (requestId: string, cause: string | number, question: string): OutboxItem => ({
  kind: EFFECT.questionMail,
  requestId,
  payload: { question },
  dedupeKey: `mail-question:${requestId}:${cause}`,
});

/** The purge's edit of one post that carried personal data or free text. */
export const postRedact = (requestId: string, thread: 'card' | 'vendor', ts: string): OutboxItem => ({
  kind: EFFECT.postRedact,
  requestId,
  payload: { thread, ts },
  dedupeKey: `post-redact:${requestId}:${ts}`,
});
