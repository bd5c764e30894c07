import type { KnownBlock } from '@slack/types';
import type { AccessType } from '../../domain/intake.js';
import { isOpen, type Status } from '../../domain/lifecycle.js';
import { formatReference } from '../../domain/reference.js';
import { statusLabel, texts, type Locale } from '../../domain/texts/index.js';
import { actions, button, context, esc, section } from './kit.js';

export const WITHDRAW_ACTION_ID = 'withdraw_request';

/** Only what may be seen in a shared channel: no email, no phone, no fødselsnummer, no contact name. */
export interface ReceiptModel {
  id: string;
  number: number;
  status: Status;
  accessType: AccessType;
  vendorOrgName: string;
  requesterUserId: string;
  locale: Locale;
}

/** The vendor-channel receipt: the thread parent for every later update. */
export function receiptMessage(r: ReceiptModel): { text: string; blocks: KnownBlock[] } {
  const t = texts(r.locale);
  const ref = formatReference(r.number);
  const blocks: KnownBlock[] = [
    section(
      `:inbox_tray: *${t.receipt.title(ref)}*\n${t.receipt.body(`<@${r.requesterUserId}>`, esc(r.vendorOrgName), t.accessType[r.accessType])}`,
    ),
    context(`*${t.card.status}:* ${statusLabel(t, r.status, r.accessType, 'vendor')} · ${ref}`),
  ];
  if (isOpen(r.status)) {
    blocks.push(
      actions(`receipt:${r.id}`, [
        button(t.vendor.withdraw, WITHDRAW_ACTION_ID, r.id, {
          confirm: {
            title: { type: 'plain_text', text: t.vendor.withdrawConfirm.title },
            text: { type: 'plain_text', text: t.vendor.withdrawConfirm.text(ref) },
            confirm: { type: 'plain_text', text: t.vendor.withdrawConfirm.confirm },
            deny: { type: 'plain_text', text: t.vendor.withdrawConfirm.deny },
            style: 'danger',
          },
        }),
      ]),
    );
  }
  return { text: t.receipt.text(ref), blocks };
}
