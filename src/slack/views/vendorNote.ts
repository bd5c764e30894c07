import type { KnownBlock } from '@slack/types';
import type { VendorNote } from '../../app/effects.js';
import type { AccessType } from '../../domain/intake.js';
import { texts, type Locale } from '../../domain/texts/index.js';
import { actions, button, esc, section, typedSection } from './kit.js';

export const ANSWER_INFO_ACTION_ID = 'answer_info';
export const FEEDBACK_ACTION_ID = { up: 'feedback_up', down: 'feedback_down' } as const;

/**
 * A progress note in the vendor's thread: in their language, never personal data. `answered`: the
 * confirmation note once the vendor has answered "Did this work for you?", the answer in place of
 * the buttons.
 */
export function vendorNoteMessage(
  note: VendorNote,
  r: { id: string; accessType: AccessType; locale: Locale; requesterUserId?: string },
  answered?: { value: 'up' | 'down'; userId: string },
): { text: string; blocks: KnownBlock[] } {
  const t = texts(r.locale).notes;
  let text: string;
  switch (note.kind) {
    case 'altinn_done':
      text = r.accessType === 'customer_delegation' ? t.altinnCustomer : t.altinnFictitious;
      break;
    case 'fnr_registered':
      text = t.fnrRegistered;
      break;
    case 'needs_info':
      // The requester is @mentioned, so a question reaches a person and not only a channel.
      text = `${r.requesterUserId ? `<@${r.requesterUserId}> ` : ''}${t.needsInfo(esc(note.question).replace(/\n/g, '\n>'))}`;
      break;
    case 'resumed':
      text = t.resumed;
      break;
    case 'rejected':
      text = t.rejected(esc(note.reason).replace(/\n/g, '\n>'));
      break;
    case 'withdrawn':
      text = t.withdrawn;
      break;
    case 'confirmation_sent':
      text = t.confirmationSent(esc(note.recipientName));
      break;
    case 'staff_reply':
      // Staff in Teams have no Slack user to mention: their name, or "a case officer".
      text = t.staffReply(/^[UW][A-Z0-9]+$/.test(note.staffUserId) ? `<@${note.staffUserId}>` : note.staffName ? esc(note.staffName) : t.caseOfficer, esc(note.text).replace(/\n/g, '\n>'));
      break;
    case 'mail_failed':
      text = t.mailFailed[note.recipient];
      break;
  }
  const blocks: KnownBlock[] = [typedSection(text)];
  if (note.kind === 'confirmation_sent') {
    // One click in the thread: "Did this work for you?" (stored and shown to staff on the card).
    const f = texts(r.locale).feedback;
    if (answered) blocks.push(section(`*${f.question}* ${answered.value === 'up' ? f.yes : f.no} (<@${answered.userId}>)`));
    else {
      blocks.push(
        section(`*${f.question}*`),
        actions(`feedback:${r.id}`, [button(f.yes, FEEDBACK_ACTION_ID.up, r.id), button(f.no, FEEDBACK_ACTION_ID.down, r.id)]),
      );
    }
  }
  if (note.kind === 'needs_info') {
    blocks.push(actions(`answer:${r.id}`, [button(texts(r.locale).vendor.answer, ANSWER_INFO_ACTION_ID, r.id, { style: 'primary' })]));
  }
  return { text: text.replace(/\*/g, '').replace(/^>/gm, ''), blocks };
}
