import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { parseMetadata } from './metadata.js';
import { formatReference } from '../../domain/reference.js';
import { LOCALES, texts, type Locale } from '../../domain/texts/index.js';
import type { RequestRow } from '../../app/rows.js';
import { maskFnr } from '../../domain/fnr.js';
import type { MailPreview } from '../../app/confirmationPreview.js';
import { context, esc, fields, plain, section, textInput } from './kit.js';

export const STAFF_MODAL = {
  fictitiousOrg: 'staff_fictitious_org',
  registerFnr: 'staff_register_fnr',
  /** The fødselsnummer again, for a given-up confirmation that dropped it: saved, then sent again. */
  reenterFnr: 'staff_reenter_fnr',
  askInfo: 'staff_ask_info',
  reject: 'staff_reject',
  sendConfirmation: 'staff_send_confirmation',
  answerInfo: 'vendor_answer_info',
} as const;

export const TEST_IDENTITY_VALUE = 'confirmed_test_identity';

/** Which request a staff modal is about, and the status the card showed when it was opened. */
export const requestMetadataSchema = z.object({
  requestId: z.uuid(),
  status: z.string().max(40),
  locale: z.enum(LOCALES),
});
export type RequestMetadata = z.infer<typeof requestMetadataSchema>;

export const parseRequestMetadata = (raw: string | undefined): RequestMetadata | null => parseMetadata(requestMetadataSchema, raw);

function modal(callbackId: string, title: string, submit: string, locale: Locale, meta: RequestMetadata, blocks: ModalView['blocks']): ModalView {
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

const metaOf = (r: RequestRow, locale: Locale): RequestMetadata => ({ requestId: r.id, status: r.status, locale });

export function fictitiousOrgModal(r: RequestRow, locale: Locale): ModalView {
  const t = texts(locale).staff.fictitiousModal;
  return modal(STAFF_MODAL.fictitiousOrg, t.title, t.submit, locale, metaOf(r, locale), [
    section(t.intro(formatReference(r.number), esc(r.vendorOrgName))),
    textInput('fictitious_org_number', t.label, { placeholder: texts(locale).intake.placeholders.orgNumber, maxLength: 20 }),
  ]);
}

/** The fødselsnummer step; `reenter`: the same, for a given-up confirmation whose number was deleted. */
export function registerFnrModal(r: RequestRow, locale: Locale, o: { reenter?: boolean } = {}): ModalView {
  const t = texts(locale).staff.fnrModal;
  const ref = formatReference(r.number);
  return modal(o.reenter ? STAFF_MODAL.reenterFnr : STAFF_MODAL.registerFnr, t.title, o.reenter ? t.reenterSubmit : t.submit, locale, metaOf(r, locale), [
    ...(o.reenter ? [section(t.reenterIntro(ref))] : []),
    section(t.intro(ref)),
    textInput('login_fnr', t.label, { hint: t.hint, maxLength: 20 }),
    {
      type: 'input',
      block_id: 'test_identity',
      optional: true,
      label: plain(t.confirmLabel),
      element: {
        type: 'checkboxes',
        action_id: 'test_identity',
        options: [{ text: plain(t.confirmOption, 75), value: TEST_IDENTITY_VALUE }],
      },
    },
  ]);
}

export function askInfoModal(r: RequestRow, locale: Locale): ModalView {
  const t = texts(locale).staff.askModal;
  return modal(STAFF_MODAL.askInfo, t.title, t.submit, locale, metaOf(r, locale), [
    context(t.intro),
    textInput('question', t.label, { multiline: true, maxLength: 2000 }),
  ]);
}

export function rejectModal(r: RequestRow, locale: Locale): ModalView {
  const t = texts(locale).staff.rejectModal;
  return modal(STAFF_MODAL.reject, t.title, t.submit, locale, metaOf(r, locale), [
    context(t.intro),
    textInput('reason', t.label, { multiline: true, maxLength: 2000 }),
  ]);
}

export function answerInfoModal(r: RequestRow, locale: Locale): ModalView {
  const t = texts(locale).answerModal;
  return modal(STAFF_MODAL.answerInfo, t.title, t.submit, locale, metaOf(r, locale), [
    section(`*${t.question}* (${formatReference(r.number)})\n>${esc(r.openQuestion ?? '').replace(/\n/g, '\n>')}`),
    textInput('answer', t.label, { multiline: true, maxLength: 2000, hint: t.hint }),
  ]);
}

/** A closing notice in place of a modal (done, or somebody else was quicker). */
export function noticeView(locale: Locale, title: string, message: string): ModalView {
  return {
    type: 'modal',
    title: plain(title, 24),
    close: plain(texts(locale).submitted.close, 24),
    blocks: [section(message)],
  };
}

/** The staff preview of the confirmation email: recipients, subject and the body as it will be sent. */
export function confirmationPreviewModal(r: RequestRow, mail: MailPreview, names: { to: string; cc?: string; customer?: { name: string; address: string } }, locale: Locale): ModalView {
  const t = texts(locale).confirmation;
  const body = r.loginFnr ? mail.text.split(r.loginFnr).join(maskFnr(r.loginFnr)) : mail.text;
  const chunks = body.match(/[\s\S]{1,2800}(?:\n|$)|[\s\S]{1,2800}/g) ?? [];
  return modal(STAFF_MODAL.sendConfirmation, t.title, t.submit, locale, metaOf(r, locale), [
    context(t.intro),
    fields([
      `*${t.to}*\n${esc(names.to)} <${esc(mail.to.join(', '))}>`,
      ...(mail.cc?.length ? [`*${t.cc}*\n${esc(names.cc ?? '')} <${esc(mail.cc.join(', '))}>`] : []),
      ...(mail.bcc?.length ? [`*${t.bcc}*\n${esc(mail.bcc.join(', '))}`] : []),
      `*${t.subject}*\n${esc(mail.subject)}`,
    ]),
    ...(names.customer ? [context(t.customerAlso(esc(names.customer.name), esc(names.customer.address)))] : []),
    ...chunks.slice(0, 20).map((c) => ({ type: 'section' as const, text: plain(c, 3000) })),
  ]);
}
