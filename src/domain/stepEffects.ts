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

/** What of the request decides an effect: the customer gets an email only if there is one to send to. */
export interface StepContext {
  accessType: AccessType;
  hasCustomerEmail: boolean;
}

/**
 * The effects a lifecycle action causes, in the order they are queued. Only the last step's depend on
 * the request.
 */
export function stepEffects(action: Exclude<Action, 'send_confirmation'>): StepEffect[];
export function stepEffects(action: Action, ctx: StepContext): StepEffect[];
export function stepEffects(action: Action, ctx?: StepContext): StepEffect[] {
  switch (action) {
    case 'claim':
      return ['card_update'];
    case 'record_altinn':
      return ['card_update', 'note_altinn_done'];
    case 'register_fnr':
      return ['card_update', 'note_fnr_registered'];
    case 'ask_info':
      // The question reaches the contact person by email too.
      return ['card_update', 'note_needs_info', 'question_mail'];
    case 'answer_info':
      return ['card_update', 'note_resumed'];
    case 'reject':
      return ['card_update', 'note_rejected', 'rejection_mail'];
    case 'withdraw':
      return ['card_update', 'note_withdrawn'];
    case 'send_confirmation':
      return [
        'card_update',
        'confirmation_mail',
        ...(ctx?.accessType === 'customer_delegation' && ctx.hasCustomerEmail ? (['customer_mail'] as const) : []),
      ];
  }
}

/** What a submission causes (it is no action on an existing request, so it is not in ACTIONS). */
export const SUBMIT_EFFECTS: readonly StepEffect[] = ['receipt_post', 'card_post'];
