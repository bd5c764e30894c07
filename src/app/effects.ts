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
  /** Files uploaded with files.uploadV2 (reports, the Altinn list, exports, the monthly summary). */
  reportFile: 'slack.file.report',
  exportFile: 'slack.file.export',
  altinnBatchFile: 'slack.file.altinn_batch',
  /** The batch's message in the triage channel, with the button that records the Altinn step for all. */
  altinnBatchMessage: 'slack.altinn_batch.message',
  monthlySummary: 'slack.monthly_summary',
} as const;

/** Notes posted in the vendor's thread: never personal data. */
export type VendorNote =
  | { kind: 'altinn_done' }
  | { kind: 'fnr_registered' }
  | { kind: 'needs_info'; question: string }
  | { kind: 'resumed' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'withdrawn' }
  | { kind: 'confirmation_sent'; recipientName: string };

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
