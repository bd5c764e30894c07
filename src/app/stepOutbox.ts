import type { OutboxItem } from '../db/repositories/outbox.js';
import type { StepEffect } from '../domain/stepEffects.js';
import { cardPost, cardUpdate, confirmationMail, customerMail, questionMail, receiptPost, rejectionMail, vendorNote } from './effects.js';

type MakeRow = (requestId: string, cause: string | number, text: () => string) => OutboxItem;

/**
 * The outbox row each of the domain's step effects (domain/stepEffects.ts) becomes: one table, one
 * line per effect. `cause` is what makes each row once (the step's audit event id); `text` is the
 * step's free text (the question asked, the reason for a rejection) for the effects that carry it.
 */
const OUTBOX_ROW = {
  card_update: (id, cause) => cardUpdate(id, cause),
  note_altinn_done: (id, cause) => vendorNote(id, cause, { kind: 'altinn_done' }),
  note_fnr_registered: (id, cause) => vendorNote(id, cause, { kind: 'fnr_registered' }),
  note_needs_info: (id, cause, text) => vendorNote(id, cause, { kind: 'needs_info', question: text() }),
  note_resumed: (id, cause) => vendorNote(id, cause, { kind: 'resumed' }),
  note_rejected: (id, cause, text) => vendorNote(id, cause, { kind: 'rejected', reason: text() }),
  note_withdrawn: (id, cause) => vendorNote(id, cause, { kind: 'withdrawn' }),
  question_mail: (id, cause, text) => questionMail(id, cause, text()),
  rejection_mail: (id) => rejectionMail(id),
  confirmation_mail: (id) => confirmationMail(id),
  customer_mail: (id) => customerMail(id),
  receipt_post: (id) => receiptPost(id),
  card_post: (id) => cardPost(id),
} satisfies Record<StepEffect, MakeRow>;

/** The outbox rows for the effects a step causes, in the domain's order. */
export function stepOutbox(effects: readonly StepEffect[], requestId: string, cause: string | number, text?: string): OutboxItem[] {
  return effects.map((effect) => {
    // A step that causes a text-carrying effect always has its text: its absence is a bug, not input.
    const required = () => {
      if (text === undefined) throw new Error(`step effect ${effect} needs the step's text`);
      return text;
    };
    return OUTBOX_ROW[effect](requestId, cause, required);
  });
}
