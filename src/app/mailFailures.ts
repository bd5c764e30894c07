import type { Db } from '../db/client.js';
import { enqueue } from '../db/repositories/outbox.js';
import { findRequestById } from '../db/repositories/requests.js';
import type { OutboxRow } from '../db/schema.js';
import { EFFECT, cardUpdate, vendorNote } from './effects.js';

const MAILS: readonly string[] = [EFFECT.confirmationMail, EFFECT.rejectionMail, EFFECT.questionMail, EFFECT.customerMail];

/**
 * A failed email is never silent. A failing confirmation shows on the card: "retrying" after its first
 * failure (not on every retry: the card would flicker). Any email given up shows on the card with a
 * "send again" button, and the vendor's thread is told, without the address.
 */
export async function onMailFailed(db: Db, row: OutboxRow, _error: string, final: boolean, notify: () => void): Promise<void> {
  if (!MAILS.includes(row.kind) || !row.requestId) return;
  if (!final) {
    if (row.kind !== EFFECT.confirmationMail || row.attempts !== 1) return;
    await enqueue(db, [cardUpdate(row.requestId, `mail-retrying-${row.id}-${row.attempts}`)]);
    notify();
    return;
  }
  const request = await findRequestById(db, row.requestId);
  // After the purge nothing is left to send or to follow up.
  const tellVendor = !!request && !request.purgedAt;
  await enqueue(db, [
    cardUpdate(row.requestId, `mail-failed-${row.id}-${row.attempts}`),
    ...(tellVendor
      ? [vendorNote(row.requestId, `mail-failed-${row.id}-${row.attempts}`, { kind: 'mail_failed', recipient: row.kind === EFFECT.customerMail ? 'customer' : 'contact' })]
      : []),
  ]);
  notify();
}
