import type { App } from '@microsoft/teams.apps';
import { EFFECT } from '../app/effects.js';
import type { EffectHandlers } from '../app/outbox/dispatch.js';
import { recordReceiptPosted, requestToDeliver } from '../app/outbox/deliveries.js';
import type { Ports } from '../app/ports.js';
import { nudgeTarget } from '../app/reminders.js';
import type { RequestRow } from '../app/rows.js';
import { teamsPeople } from '../app/teamsPeople.js';
import { texts } from '../domain/texts/index.js';
import { connectorAt, postCardOnce, replyChain, updateCard } from './connector.js';
import { teamsMessageLink } from './delivery.js';
import { nudgeCard, receiptCard, redactedVendorPost, vendorNoteCard, type Mention } from './views/vendorCards.js';

/** A channel (standard or shared) has reply chains; a personal or group chat is one flat conversation. */
export const hasReplyChains = (conversationId: string) => /@thread\.(tacv2|skype)$/.test(conversationId.split(';')[0] ?? '');

export interface TeamsVendorDeliveryOptions {
  ports: Pick<Ports, 'db' | 'outboxNotify'>;
  sdk: App;
  /** Our tenant (links to the receipt name it). */
  tenantId: string;
}

/**
 * Outbox handlers for the vendor's side of a request filed in Teams (the vendor-side kinds of
 * app/outbox/sides.ts, routed here by the request's platform): the receipt, a new message in the
 * vendor's conversation whose activity id is the request's `receipt_ts`, and, in its reply chain, the
 * progress notes, staff's questions and replies, the reminder, and redactions. The receipt is updated
 * in place with each note (its status, Withdraw gone once closed). Never personal data: the cards are
 * built from the request's reference, vendor name, status and the texts staff wrote for the vendor.
 *
 * Exactly once: the outbox's dedupe keys and lanes; a post that failed (429, 5xx, no answer) is
 * retried. Graph cannot read a conversation in another tenant's team, so unlike the triage side no
 * look-up precedes a retry: a post whose answer was lost on the way back may show twice.
 */
export function teamsVendorDeliveryHandlers(o: TeamsVendorDeliveryOptions): EffectHandlers {
  const { ports, sdk } = o;
  const requesterOf = async (r: Pick<RequestRow, 'requesterUserId'>): Promise<Mention | undefined> => {
    const p = (await teamsPeople(ports, [r.requesterUserId])).get(r.requesterUserId);
    return p ? { name: p.name, teamsUserId: p.teamsUserId } : undefined;
  };
  const rootOf = (r: Pick<RequestRow, 'channelId' | 'receiptTs'>) => (hasReplyChains(r.channelId) ? r.receiptTs ?? undefined : undefined);
  const noGraph = {};
  // The conversation's own Bot Connector (its region), kept when the request was filed.
  const connectorOf = (r: Pick<RequestRow, 'serviceUrl'>) => connectorAt(sdk, r.serviceUrl);

  const updateReceipt = async (r: RequestRow) => {
    if (!r.receiptTs) return;
    const post = receiptCard(r, await requesterOf(r));
    await updateCard(sdk, r.channelId, r.receiptTs, post.card, post.summary, connectorOf(r));
  };

  return {
    [EFFECT.receiptPost]: async ({ row }) => {
      const r = await requestToDeliver(ports, row);
      if (r.receiptTs) return { ts: r.receiptTs };
      const post = receiptCard(r, await requesterOf(r));
      const ts = await postCardOnce(sdk, noGraph, { conversationId: r.channelId, ...post, key: row.dedupeKey, retry: row.attempts > 1, connector: connectorOf(r) });
      const permalink = hasReplyChains(r.channelId) ? teamsMessageLink({ tenantId: o.tenantId }, r.channelId, ts) : null;
      await recordReceiptPosted(ports, r.id, ts, permalink);
      return { ts };
    },

    [EFFECT.vendorNote]: async ({ row, payload }) => {
      const r = await requestToDeliver(ports, row);
      if (!r.receiptTs) throw new Error('receipt not posted yet');
      const requester = await requesterOf(r);
      const post = vendorNoteCard(payload, r, { requester });
      const ts = await postCardOnce(sdk, noGraph, { conversationId: r.channelId, rootId: rootOf(r), ...post, key: row.dedupeKey, retry: row.attempts > 1, connector: connectorOf(r) });
      await updateReceipt(r);
      return { ts };
    },

    [EFFECT.nudgeNote]: async ({ row, payload: p }) => {
      const target = row.requestId ? await nudgeTarget(ports, row.requestId, p.questionEventId) : undefined;
      if (!target) return { skipped: 'answered or closed' };
      if (!target.receiptTs) throw new Error('receipt not posted yet');
      const post = nudgeCard(texts(target.locale).home.age(p.days), target.locale, await requesterOf(target));
      const ts = await postCardOnce(sdk, noGraph, { conversationId: target.channelId, rootId: rootOf(target), ...post, key: row.dedupeKey, retry: row.attempts > 1, connector: connectorOf(target) });
      return { ts };
    },

    [EFFECT.postRedact]: async ({ row, payload }) => {
      const r = await requestToDeliver(ports, row);
      const post = redactedVendorPost(r.locale);
      const root = rootOf(r);
      await updateCard(sdk, root ? replyChain(r.channelId, root) : r.channelId, payload.ts, post.card, post.summary, connectorOf(r));
      return { ts: payload.ts };
    },
  };
}
