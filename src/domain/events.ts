/**
 * The kinds of audit event the app records (request_events.kind): every change, every refused
 * attempt, every file with personal data handed out. The card's history and the archive record show
 * each with its label (texts' `eventLabel`, one per kind in each language).
 */
export const EVENT_KINDS = [
  'submitted',
  'claimed',
  'taken_over',
  'assigned',
  'altinn_done',
  'sent_to_altinn',
  'fnr_registered',
  'fnr_real_confirmed',
  /** The fødselsnummer entered again, to send a given-up confirmation again. */
  'fnr_reentered',
  'needs_info',
  'info_answered',
  'rejected',
  'withdrawn',
  'completed',
  'register_rechecked',
  'contact_corrected',
  'mail_retry',
  'login_fnr_erased',
  /** A given-up confirmation's fødselsnummer was dropped (not sent: unlike `login_fnr_erased`). */
  'login_fnr_dropped',
  'personal_data_purged',
  'feedback',
  'vendor_replied',
  'staff_replied',
  /** An attempt to act without permission: nothing changed (see app/staffSteps.ts recordDenied). */
  'denied',
  /** A report with contact details was made for a staff member (no request). */
  'report_with_contacts',
  /** A staff member took the request's archive record (/tt02-access export). */
  'exported',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
