import { listEventsOf } from '../db/repositories/events.js';
import { outboxRowsForRequests } from '../db/repositories/outbox.js';
import { findOpenOverlapsOf, findRequestsByIds } from '../db/repositories/requests.js';
import type { Executor } from '../db/client.js';
import type { OutboxRow, RequestEventRow, RequestRow } from '../db/schema.js';
import { isOpen } from '../domain/lifecycle.js';
import { EFFECT, REQUEST_MAILS, requestMailOf, type RequestMail } from './effects.js';

export type MailStatus =
  | { state: 'queued' }
  | { state: 'sent'; at: Date }
  | { state: 'retrying'; error: string }
  | { state: 'failing'; error: string; outboxId: number };

/** The emails other than the confirmation (which has its own line on the card). */
export type FailedMailKind = Exclude<RequestMail, 'confirmation'>;
const otherMailOf = (kind: string): FailedMailKind | undefined => {
  const mail = requestMailOf(kind);
  return mail === 'confirmation' ? undefined : mail;
};

export interface CardData {
  request: RequestRow;
  events: RequestEventRow[];
  mail: MailStatus | null;
  /** Other emails (rejection, question, customer's) that were given up: shown with "send again". */
  failedMails?: { kind: FailedMailKind; outboxId: number; error: string }[];
  /** Other open requests for the same vendor and customer (from other channels). */
  overlaps?: Pick<RequestRow, 'number' | 'channelId' | 'platform'>[];
}

/** Everything the triage card shows, read in one place. */
export async function loadCard(db: Executor, requestId: string): Promise<CardData | undefined> {
  const [card] = await loadCards(db, [requestId]);
  return card;
}

/** The cards of these requests, in the same order (undefined where there is no request). */
export async function loadCards(db: Executor, requestIds: string[]): Promise<(CardData | undefined)[]> {
  const ids = [...new Set(requestIds)];
  // Side by side: each needs only the ids, so a card costs one round trip, not two.
  const [found, events, mails, overlaps] = await Promise.all([
    findRequestsByIds(db, requestIds),
    listEventsOf(db, ids),
    outboxRowsForRequests(db, ids, Object.keys(REQUEST_MAILS)),
    findOpenOverlapsOf(db, ids),
  ]);
  return found.map(
    (request) =>
      request &&
      cardOf(
        request,
        events.filter((e) => e.requestId === request.id),
        mails.filter((m) => m.requestId === request.id),
        // Only an open request's card shows the others.
        isOpen(request.status) ? (overlaps.get(request.id) ?? []) : [],
      ),
  );
}

function cardOf(request: RequestRow, events: RequestEventRow[], mails: OutboxRow[], overlaps: Pick<RequestRow, 'number' | 'channelId' | 'platform'>[]): CardData {
  const mailRow = mails.filter((m) => m.kind === EFFECT.confirmationMail).at(-1);
  const failedMails = mails.flatMap((m) => {
    const kind = m.status === 'failed' ? otherMailOf(m.kind) : undefined;
    return kind ? [{ kind, outboxId: m.id, error: shortError(m.lastError) }] : [];
  });
  let mail: MailStatus | null = null;
  if (mailRow) {
    // The number is erased in the transaction that enqueues the card's update, once the mail server
    // has accepted the email; the row itself is marked done a moment later, maybe after this read.
    if (mailRow.status === 'done' || request.loginFnrErasedAt)
      mail = { state: 'sent', at: mailRow.doneAt ?? request.loginFnrErasedAt ?? mailRow.createdAt };
    else if (mailRow.status === 'failed') mail = { state: 'failing', error: shortError(mailRow.lastError), outboxId: mailRow.id };
    else if (mailRow.lastError) mail = { state: 'retrying', error: shortError(mailRow.lastError) };
    else mail = { state: 'queued' };
  }
  return { request, events, mail, overlaps, failedMails };
}

function shortError(e: string | null): string {
  return (e ?? 'unknown error').replace(/^\w*Error: /, '').slice(0, 200);
}
