import type { OutboxItem } from '../db/repositories/outbox.js';

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
  /** A post in the triage card's thread: the vendor's words mirrored, a note to the assignee. */
  cardThreadPost: 'slack.card.thread',
  questionMail: 'mail.question',
} as const;

/** Notes posted in the vendor's thread: never personal data. */
export type VendorNote =
  | { kind: 'altinn_done' }
  | { kind: 'fnr_registered' }
  | { kind: 'needs_info'; question: string }
  | { kind: 'resumed' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'withdrawn' }
  | { kind: 'confirmation_sent'; recipientName: string }
  /** Staff's "Reply to vendor": the staff member is named by Slack mention, never contact data. */
  | { kind: 'staff_reply'; text: string; staffUserId: string }
  /** An email was given up: said without the address. */
  | { kind: 'mail_failed'; recipient: 'contact' | 'customer' };

/** Posts in the triage card's thread (internal: the vendor's own words are fine here). */
export type CardThreadPost =
  | { kind: 'vendor_wrote'; userId: string; text: string; assigneeUserId: string | null }
  | { kind: 'assigned'; assigneeUserId: string; byUserId: string };

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
