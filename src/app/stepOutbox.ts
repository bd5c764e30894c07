import type { OutboxItem } from '../db/repositories/outbox.js';
import type { StepEffect } from '../domain/stepEffects.js';
import { cardPost, cardUpdate, confirmationMail, customerMail, questionMail, receiptPost, rejectionMail, vendorNote } from './effects.js';

/**
 * Turns the effects the domain says a step causes (domain/stepEffects.ts) into outbox rows. `cause`
 * is what makes each row once (the step's audit event id); `text` is the step's free text (the
 * question asked, the reason for a rejection) for the effects that carry it.
 */
export function stepOutbox(effects: readonly StepEffect[], requestId: string, cause: string | number, text?: string): OutboxItem[] {
  return effects.map((effect) => outboxItem(effect, requestId, cause, text));
}

function outboxItem(effect: StepEffect, requestId: string, cause: string | number, text: string | undefined): OutboxItem {
  switch (effect) {
    case 'card_update':
      return cardUpdate(requestId, cause);
    case 'note_altinn_done':
      return vendorNote(requestId, cause, { kind: 'altinn_done' });
    case 'note_fnr_registered':
      return vendorNote(requestId, cause, { kind: 'fnr_registered' });
    case 'note_needs_info':
      return vendorNote(requestId, cause, { kind: 'needs_info', question: required(text, effect) });
    case 'note_resumed':
      return vendorNote(requestId, cause, { kind: 'resumed' });
    case 'note_rejected':
      return vendorNote(requestId, cause, { kind: 'rejected', reason: required(text, effect) });
    case 'note_withdrawn':
      return vendorNote(requestId, cause, { kind: 'withdrawn' });
    case 'question_mail':
      return questionMail(requestId, cause, required(text, effect));
    case 'rejection_mail':
      return rejectionMail(requestId);
    case 'confirmation_mail':
      return confirmationMail(requestId);
    case 'customer_mail':
      return customerMail(requestId);
    case 'receipt_post':
      return receiptPost(requestId);
    case 'card_post':
      return cardPost(requestId);
  }
}

/** A step that causes a text-carrying effect always has its text: its absence is a bug, not input. */
function required(text: string | undefined, effect: StepEffect): string {
  if (text === undefined) throw new Error(`step effect ${effect} needs the step's text`);
  return text;
}
