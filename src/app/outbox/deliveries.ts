import { recordEvent } from '../../db/repositories/events.js';
import { enqueue } from '../../db/repositories/outbox.js';
import { dropLoginFnr } from '../../db/repositories/loginFnr.js';
import { eraseLoginFnr } from '../../db/repositories/retention.js';
import { findRequestById, recordCardLanded, recordReceiptLanded } from '../../db/repositories/requests.js';
import type { OutboxRow, RequestRow } from '../../db/schema.js';
import { cardUpdate, requestMailOf, vendorNote } from '../effects.js';
import { loadCard, type CardData } from '../loadCard.js';
import { SYSTEM_ACTOR, type Ports } from '../ports.js';
import { PermanentDeliveryError } from './worker.js';

/**
 * What the adapters' outbox handlers read and record. They deliver (post, send) and report back
 * through these; every state change they cause is written here, in app/.
 */
type DeliveryPorts = Pick<Ports, 'db' | 'outboxNotify'>;

/** The request an outbox row is about; a row without one can never be delivered. */
export async function requestToDeliver(ports: DeliveryPorts, row: OutboxRow): Promise<RequestRow> {
  const r = row.requestId ? await findRequestById(ports.db, row.requestId) : undefined;
  if (!r) throw new PermanentDeliveryError(`request ${row.requestId} not found`);
  return r;
}

/** Everything the triage card shows. */
export async function cardToDeliver(ports: DeliveryPorts, requestId: string): Promise<CardData | undefined> {
  return loadCard(ports.db, requestId);
}

/**
 * The receipt is in the vendor's channel; the card links to it. A card still waiting for the receipt
 * is claimed as soon as the receipt's row is done (the outbox's wait, app/outbox/worker.ts); a card
 * that went without it (the receipt was slow) is updated.
 */
export async function recordReceiptPosted(ports: DeliveryPorts, requestId: string, ts: string, permalink: string | null): Promise<void> {
  const stored = await recordReceiptLanded(ports.db, { id: requestId, ts, permalink });
  if (!stored?.triageTs) return;
  await enqueue(ports.db, [cardUpdate(requestId, 'receipt')]);
  ports.outboxNotify();
}

/**
 * The card is in the triage channel: later updates edit this message. A card that went out without
 * the receipt's link (the receipt was slow) gains it now if the receipt landed meanwhile; the receipt's
 * side does the same, and the shared dedupe key makes it one update. Both sides read what the other
 * recorded, in the database: whichever records second sees the other.
 */
export async function recordCardPosted(
  ports: DeliveryPorts,
  requestId: string,
  card: { ts: string; channelId: string; permalink: string | null },
  postedWithReceiptLink: boolean,
): Promise<void> {
  const stored = await recordCardLanded(ports.db, { id: requestId, ...card });
  if (!postedWithReceiptLink && stored?.receiptPermalink) {
    await enqueue(ports.db, [cardUpdate(requestId, 'receipt')]);
    ports.outboxNotify();
  }
}

/**
 * The mail server accepted the confirmation: the fødselsnummer it carried is erased (its kind stays
 * for the audit), the vendor's thread is told and the card shows the email as sent.
 */
export async function recordConfirmationAccepted(ports: DeliveryPorts, r: RequestRow, row: OutboxRow): Promise<void> {
  await ports.db.transaction(async (tx) => {
    const erased = await eraseLoginFnr(tx, r.id, new Date());
    if (erased) {
      await recordEvent(tx, { requestId: r.id, kind: 'login_fnr_erased', actorUserId: SYSTEM_ACTOR, details: { fnrKind: erased.kind } });
    }
    await enqueue(tx, [
      vendorNote(r.id, 'confirmation-sent', { kind: 'confirmation_sent', recipientName: r.contactName }),
      cardUpdate(r.id, `mail-sent-${row.id}-${row.attempts}`),
    ]);
  });
  ports.outboxNotify();
}

/**
 * A failed email is never silent. A failing confirmation shows on the card: "retrying" after its first
 * failure (not on every retry: the card would flicker). Any email given up shows on the card with a
 * "send again" button, and the vendor's thread is told, without the address. A given-up confirmation
 * drops its fødselsnummer (kept: its kind).
 */
export async function recordDeliveryFailed(ports: DeliveryPorts, row: OutboxRow, final: boolean): Promise<void> {
  const mail = requestMailOf(row.kind);
  if (!mail || !row.requestId) return;
  if (!final) {
    if (mail !== 'confirmation' || row.attempts !== 1) return;
    await enqueue(ports.db, [cardUpdate(row.requestId, `mail-retrying-${row.id}-${row.attempts}`)]);
    ports.outboxNotify();
    return;
  }
  const requestId = row.requestId;
  const request = await findRequestById(ports.db, requestId);
  // After the purge nothing is left to send or to follow up.
  const tellVendor = !!request && !request.purgedAt;
  const recipient = mail === 'customer' ? 'customer' : 'contact';
  await ports.db.transaction(async (tx) => {
    // A given-up confirmation waits for a person, maybe for good: its fødselsnummer is not kept
    // meanwhile. Staff enter it again to send it again (app/reenterFnr.ts).
    const dropped = mail === 'confirmation' ? await dropLoginFnr(tx, requestId) : undefined;
    if (dropped) {
      await recordEvent(tx, { requestId, kind: 'login_fnr_dropped', actorUserId: SYSTEM_ACTOR, details: { fnrKind: dropped.kind, outboxId: row.id } });
    }
    await enqueue(tx, [
      cardUpdate(requestId, `mail-failed-${row.id}-${row.attempts}`),
      ...(tellVendor ? [vendorNote(requestId, `mail-failed-${row.id}-${row.attempts}`, { kind: 'mail_failed', recipient })] : []),
    ]);
  });
  ports.outboxNotify();
}
