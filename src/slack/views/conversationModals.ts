import type { ModalView } from '@slack/types';
import type { RequestRow } from '../../app/conversation.js';
import { formatReference } from '../../domain/reference.js';
import { texts, type Locale } from '../../domain/texts/index.js';
import { context, divider, plain, textInput } from './kit.js';
import type { RequestMetadata } from './staffModals.js';

export const CONVERSATION_MODAL = {
  reply: 'staff_reply_vendor',
  resume: 'staff_resume',
  assign: 'staff_assign',
  fixContact: 'staff_fix_contact',
} as const;

function modal(callbackId: string, title: string, submit: string, locale: Locale, r: RequestRow, blocks: ModalView['blocks']): ModalView {
  const meta: RequestMetadata = { requestId: r.id, status: r.status, locale };
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, 24),
    submit: plain(submit, 24),
    close: plain(texts(locale).intake.close, 24),
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}

export function replyModal(r: RequestRow, locale: Locale): ModalView {
  const t = texts(locale).conversation.replyModal;
  return modal(CONVERSATION_MODAL.reply, t.title, t.submit, locale, r, [
    context(t.intro),
    textInput('reply', t.label, { multiline: true, maxLength: 2000 }),
  ]);
}

/** "Resume": the vendor's latest reply in the thread, if there is one, pre-fills the answer. */
export function resumeModal(r: RequestRow, locale: Locale): ModalView {
  const t = texts(locale).conversation.resumeModal;
  const reply = r.lastVendorReply?.slice(0, 2000) ?? null;
  return modal(CONVERSATION_MODAL.resume, t.title, t.submit, locale, r, [
    context(t.intro(formatReference(r.number))),
    textInput('answer', t.label, { multiline: true, maxLength: 2000, initial: reply, ...(reply ? { hint: t.fromThread } : {}) }),
  ]);
}

/** A user picker: Slack cannot limit it to a group, so the submission checks that the choice is staff. */
export function assignModal(r: RequestRow, locale: Locale): ModalView {
  const t = texts(locale).conversation.assignModal;
  return modal(CONVERSATION_MODAL.assign, t.title, t.submit, locale, r, [
    context(t.intro(formatReference(r.number))),
    {
      type: 'input',
      block_id: 'assignee',
      label: plain(t.label),
      element: {
        type: 'users_select',
        action_id: 'assignee',
        ...(r.assigneeUserId ? { initial_user: r.assigneeUserId } : {}),
      },
    },
  ]);
}

export function fixContactModal(r: RequestRow, locale: Locale): ModalView {
  const t = texts(locale).conversation.contactModal;
  const intake = texts(locale).intake;
  // A customer delegation's customer gets an email of its own: its address can be wrong too.
  const customer =
    r.accessType === 'customer_delegation'
      ? [
          divider(),
          context(t.customerIntro(r.customerOrgName ?? r.customerOrgNumber ?? '')),
          textInput('customer_email', t.customerEmail, { email: true, initial: r.customerEmail, placeholder: intake.placeholders.email }),
          textInput('customer_phone', t.customerPhone, { initial: r.customerPhone, placeholder: intake.placeholders.phone, maxLength: 64 }),
        ]
      : [];
  return modal(CONVERSATION_MODAL.fixContact, t.title, t.submit, locale, r, [
    context(t.intro(formatReference(r.number))),
    textInput('contact_email', t.email, { email: true, initial: r.contactEmail, placeholder: intake.placeholders.email }),
    textInput('contact_phone', t.phone, { initial: r.contactPhone, placeholder: intake.placeholders.phone, maxLength: 64 }),
    ...customer,
  ]);
}
