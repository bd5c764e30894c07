import type { AccessType } from './intake.js';
import type { Action } from './lifecycle.js';

/**
 * What each lifecycle step causes, besides the status change: decided here, next to the lifecycle,
 * so that no use case decides it in code. The app turns each name into an outbox row
 * (src/app/stepOutbox.ts); the names are the domain's own, not the outbox's effect kinds.
 */
export const STEP_EFFECTS = [
  /** The triage card is re-rendered from the stored truth. */
  'card_update',
  /** Notes in the vendor's thread, one per step (never personal data). */
  'note_altinn_done',
  'note_fnr_registered',
  'note_needs_info',
  'note_resumed',
  'note_rejected',
  'note_withdrawn',
  /** Emails to the contact person, and to the customer for a customer delegation. */
  'question_mail',
  'rejection_mail',
  'confirmation_mail',
  'customer_mail',
  /** A new request: the requester's receipt and the triage card. */
  'receipt_post',
  'card_post',
] as const;
export type StepEffect = (typeof STEP_EFFECTS)[number];

/** What of the request decides an effect. */
export interface StepContext {
  accessType: AccessType;
  contactEmail: string;
  customerEmail: string | null;
}

/**
 * Whether the customer gets an email of its own (customer delegation): only when there is an address
 * to send it to and it is not the contact person's, who already gets the confirmation. The one owner
 * of this rule: the step's effects below, the confirmation's wording and the staff preview all ask it.
 * Addresses are compared without case: the same mailbox typed twice is one person.
 */
export function customerGetsEmail(r: StepContext): boolean {
  if (r.accessType !== 'customer_delegation' || !r.customerEmail) return false;
  return r.customerEmail.trim().toLowerCase() !== r.contactEmail.trim().toLowerCase();
}

/** The effects each lifecycle action causes, in the order they are queued. */
const EFFECTS_OF = {
  claim: ['card_update'],
  record_altinn: ['card_update', 'note_altinn_done'],
  register_fnr: ['card_update', 'note_fnr_registered'],
  // The question reaches the contact person by email too.
  ask_info: ['card_update', 'note_needs_info', 'question_mail'],
  answer_info: ['card_update', 'note_resumed'],
  reject: ['card_update', 'note_rejected', 'rejection_mail'],
  withdraw: ['card_update', 'note_withdrawn'],
  send_confirmation: ['card_update', 'confirmation_mail', 'customer_mail'],
} as const satisfies Record<Action, readonly StepEffect[]>;

/** Effects that happen only when the request calls for them; the rest always do. */
const ONLY_WHEN: Partial<Record<StepEffect, (ctx: StepContext) => boolean>> = {
  customer_mail: customerGetsEmail,
};

/**
 * The effects a lifecycle action causes. Only the last step's depend on the request.
 */
export function stepEffects(action: Exclude<Action, 'send_confirmation'>): StepEffect[];
export function stepEffects(action: Action, ctx: StepContext): StepEffect[];
export function stepEffects(action: Action, ctx?: StepContext): StepEffect[] {
  return EFFECTS_OF[action].filter((e) => {
    const when = ONLY_WHEN[e];
    return !when || (ctx !== undefined && when(ctx));
  });
}

/** What a submission causes (it is no action on an existing request, so it is not in ACTIONS). */
export const SUBMIT_EFFECTS: readonly StepEffect[] = ['receipt_post', 'card_post'];
