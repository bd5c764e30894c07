import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OutboxItem } from '../db/repositories/outbox.js';
import { altinnBatchPayload, exportFilePayload, fileDeletePayload, monthlySummaryPayload, reportFilePayload } from './fileEffects.js';
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
  /** The retention job: a report CSV or archive record is deleted from Slack once RETENTION_DAYS have passed. */
  fileDelete: 'slack.file.delete',
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
  /**
   * Staff's "Reply to vendor": the staff member is named by Slack mention, never contact data. A
   * Teams staff member (an Entra id, no Slack user) is named by `staffName`, the display name.
   */
  z.object({ kind: z.literal('staff_reply'), text: z.string(), staffUserId: z.string(), staffName: z.string().optional() }),
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
  [EFFECT.fileDelete]: fileDeletePayload,
} as const satisfies Record<EffectKind, z.ZodType>;

export type EffectPayload<K extends EffectKind> = z.infer<(typeof EFFECT_PAYLOADS)[K]>;
/** What an effect of kind K is written with (a schema's defaults may still be missing). */
export type EffectInput<K extends EffectKind> = z.input<(typeof EFFECT_PAYLOADS)[K]>;

/** An outbox row to write, typed by its kind. */
export interface Effect<K extends EffectKind = EffectKind> extends OutboxItem {
  kind: K;
  payload: EffectPayload<K>;
}

/**
 * The one way app/ makes an outbox row: its payload is parsed with its kind's schema here, when it
 * is written, as well as when it is read (outbox/dispatch.ts). A payload that does not fit is a bug
 * in the code that wrote it: it throws, so the transaction that would have stored it rolls back,
 * instead of a row that can never be delivered.
 */
export function effect<K extends EffectKind>(kind: K, requestId: string | null, dedupeKey: string, payload: EffectInput<K>): Effect<K> {
  const schema: z.ZodType = EFFECT_PAYLOADS[kind];
  const checked = schema.safeParse(payload);
  if (!checked.success) throw new Error(`outbox payload does not fit ${kind}: ${checked.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`);
  return { kind, requestId, payload: checked.data as EffectPayload<K>, dedupeKey };
}

export const effectKindSchema = z.enum(EFFECT);

/**
 * The emails about a request, by outbox kind, and what the card calls each: the one list the card
 * (app/loadCard.ts) and the failure handling (outbox/deliveries.ts) both read. The nudge is not
 * here: it is a reminder, and a given-up nudge is not sent again from the card.
 */
export const REQUEST_MAILS = {
  [EFFECT.confirmationMail]: 'confirmation',
  [EFFECT.rejectionMail]: 'rejection',
  [EFFECT.questionMail]: 'question',
  [EFFECT.customerMail]: 'customer',
} as const;
export type RequestMail = (typeof REQUEST_MAILS)[keyof typeof REQUEST_MAILS];

/** The email an outbox kind is, if it is one of REQUEST_MAILS. */
export function requestMailOf(kind: string): RequestMail | undefined {
  return Object.hasOwn(REQUEST_MAILS, kind) ? REQUEST_MAILS[kind as keyof typeof REQUEST_MAILS] : undefined;
}

/** One deletion per file, however many retention runs find it. */
export const FILE_DELETE_KEY_PREFIX = 'file-delete:';
export const fileDelete = (fileId: string) => effect(EFFECT.fileDelete, null, `${FILE_DELETE_KEY_PREFIX}${fileId}`, { fileId });

export const receiptPost = (requestId: string) => effect(EFFECT.receiptPost, requestId, `receipt:${requestId}`, {});

export const cardPost = (requestId: string) => effect(EFFECT.cardPost, requestId, `card-post:${requestId}`, {});

/** Every call a new key: a card shown stale is re-rendered from the stored truth each time it is asked for. */
export const cardRefresh = (requestId: string) => cardUpdate(requestId, `refresh-${randomUUID()}`);

/** `cause` names what changed (an event id): one update per change. */
export const cardUpdate = (requestId: string, cause: string | number) =>
  effect(EFFECT.cardUpdate, requestId, `card-update:${requestId}:${cause}`, {});

export const vendorNote = (requestId: string, cause: string | number, note: VendorNote) =>
  effect(EFFECT.vendorNote, requestId, `vendor-note:${requestId}:${cause}`, note);

export const confirmationMail = (requestId: string) => effect(EFFECT.confirmationMail, requestId, `mail-confirmation:${requestId}`, {});

/** Customer delegation: the customer's own email about what to delegate, and to whom. */
export const customerMail = (requestId: string) => effect(EFFECT.customerMail, requestId, `mail-customer:${requestId}`, {});

export const rejectionMail = (requestId: string) => effect(EFFECT.rejectionMail, requestId, `mail-rejection:${requestId}`, {});

export const cardThreadPost = (requestId: string, key: string, post: CardThreadPost) =>
  effect(EFFECT.cardThreadPost, requestId, `card-thread:${requestId}:${key}`, post);

/** A staff question also goes to the contact person by email; `cause` is the question's event id. */
export const questionMail = (requestId: string, cause: string | number, question: string) =>
  effect(EFFECT.questionMail, requestId, `mail-question:${requestId}:${cause}`, { question });

/** The purge's edit of one post that carried personal data or free text. */
export const postRedact = (requestId: string, thread: 'card' | 'vendor', ts: string) =>
  effect(EFFECT.postRedact, requestId, `post-redact:${requestId}:${ts}`, { thread, ts });
