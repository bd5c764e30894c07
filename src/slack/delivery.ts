import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { EFFECT } from '../app/effects.js';
import type { EffectHandlers } from '../app/outbox/dispatch.js';
import { cardToDeliver, recordCardPosted, recordReceiptPosted, requestToDeliver } from '../app/outbox/deliveries.js';
import { PermanentDeliveryError, RetryLaterError } from '../app/outbox/worker.js';
import type { Ports } from '../app/ports.js';
import type { RequestRow } from '../app/rows.js';
import type { Locale } from '../domain/texts/index.js';
import { permalinkOf } from './permalink.js';
import { receiptMessage } from './views/receiptMessage.js';
import { triageCard } from './views/triageCard.js';
import { vendorNoteMessage } from './views/vendorNote.js';
import { cardThreadMessage, redactedPost } from './views/cardThread.js';

/** Slack errors that no retry can fix. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'no_permission',
  'missing_scope',
  'cant_update_message',
  'message_not_found',
  'restricted_action',
]);

/** The Slack triage channel; a triage-side post with triage elsewhere can never be delivered here. */
export function triageChannelOf(o: { triageChannelId?: string }): string {
  if (!o.triageChannelId) throw new PermanentDeliveryError('triage is not in Slack (TRIAGE_CHANNEL_ID is not set)');
  return o.triageChannelId;
}

/** Translates a Web API failure into the outbox's terms: later, never, or retry with backoff. */
export async function slackCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    const e = err as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
    if (e.code === 'slack_webapi_rate_limited_error') {
      throw new RetryLaterError(`rate limited by Slack`, Math.max(1, e.retryAfter ?? 1) * 1000);
    }
    if (e.code === 'slack_webapi_platform_error' && e.data?.error && PERMANENT.has(e.data.error)) {
      throw new PermanentDeliveryError(`Slack refused: ${e.data.error}`);
    }
    throw err;
  }
}

interface PostArgs {
  channel: string;
  text: string;
  blocks: KnownBlock[];
  threadTs?: string;
  /** The outbox row's dedupe key, stored in the message's metadata. */
  key: string;
  /** Not the first attempt: a previous one may have posted before it could record success. */
  retry: boolean;
}

/**
 * Posts a message at most once per key: on a retry, the channel (or thread) is searched for a
 * message carrying the key in its metadata before posting again.
 */
export async function postOnce(client: WebClient, a: PostArgs): Promise<string> {
  if (a.retry) {
    const found = await slackCall(() =>
      a.threadTs
        ? client.conversations.replies({ channel: a.channel, ts: a.threadTs, limit: 100, include_all_metadata: true })
        : client.conversations.history({ channel: a.channel, limit: 100, include_all_metadata: true }),
    ).catch(() => undefined);
    const match = (found?.messages ?? []).find(
      (m) => (m as { metadata?: { event_payload?: { key?: string } } }).metadata?.event_payload?.key === a.key,
    );
    if (match?.ts) return match.ts;
  }
  const res = await slackCall(() =>
    client.chat.postMessage({
      channel: a.channel,
      text: a.text,
      blocks: a.blocks,
      ...(a.threadTs ? { thread_ts: a.threadTs } : {}),
      metadata: { event_type: 'tt02_outbox', event_payload: { key: a.key } },
      unfurl_links: false,
      unfurl_media: false,
    }),
  );
  if (!res.ts) throw new Error('Slack returned no ts');
  return res.ts;
}

function receiptModel(r: RequestRow) {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    accessType: r.accessType,
    vendorOrgName: r.vendorOrgName,
    requesterUserId: r.requesterUserId,
    locale: r.locale,
  };
}

export interface SlackDeliveryOptions {
  ports: Pick<Ports, 'db' | 'outboxNotify'>;
  client: WebClient;
  /** Unset with triage in Teams: Slack then posts nothing on the triage side (app/outbox/sides.ts). */
  triageChannelId?: string;
  /** TRIAGE_LOCALE: the language of the cards and their threads, shared by all staff. */
  triageLocale: Locale;
  /** The workspace's URL once connected (auth.test): permalinks are built from it. */
  workspaceUrl?: () => string | undefined;
}

/**
 * Outbox handlers for everything the app posts to Slack; what they record goes through app/.
 * Order comes from the outbox's lanes: each request's receipt before its thread notes, its card before
 * the card's updates and thread. A 429 from Slack comes back to the outbox as a RetryLaterError, and
 * the row waits out the Retry-After.
 */
export function slackDeliveryHandlers(o: SlackDeliveryOptions): EffectHandlers {
  const { ports, client } = o;

  /** The card as it stands now, read in one round trip (the request with it). */
  const updateCard = async (requestId: string | null) => {
    const card = requestId ? await cardToDeliver(ports, requestId) : undefined;
    if (!card) throw new PermanentDeliveryError(`request ${requestId} not found`);
    const r = card.request;
    if (!r.triageTs) throw new Error('triage card not posted yet');
    const msg = triageCard(card, o.triageLocale);
    await slackCall(() => client.chat.update({ channel: r.triageChannelId ?? triageChannelOf(o), ts: r.triageTs!, text: msg.text, blocks: msg.blocks }));
    return r.triageTs;
  };

  return {
    [EFFECT.receiptPost]: async ({ row }) => {
      const r = await requestToDeliver(ports, row);
      if (r.receiptTs) return { ts: r.receiptTs };
      const msg = receiptMessage(receiptModel(r));
      const ts = await postOnce(client, { channel: r.channelId, ...msg, key: row.dedupeKey, retry: row.attempts > 1 });
      const permalink = await permalinkOf(client, o.workspaceUrl?.(), r.channelId, ts);
      // Lets the card waiting for it go at once, with the link (or updates a card that went without).
      await recordReceiptPosted(ports, r.id, ts, permalink);
      return { ts };
    },

    [EFFECT.cardPost]: async ({ row }) => {
      const card = row.requestId ? await cardToDeliver(ports, row.requestId) : undefined;
      if (!card) throw new PermanentDeliveryError(`request ${row.requestId} not found`);
      const r = card.request;
      if (r.triageTs) return { ts: r.triageTs };
      const msg = triageCard(card, o.triageLocale);
      const ts = await postOnce(client, { channel: triageChannelOf(o), ...msg, key: row.dedupeKey, retry: row.attempts > 1 });
      // Recorded now, so the Home tab and the reminders link to the card without a call per row.
      const triagePermalink = await permalinkOf(client, o.workspaceUrl?.(), triageChannelOf(o), ts);
      await recordCardPosted(ports, r.id, { ts, channelId: triageChannelOf(o), permalink: triagePermalink }, !!r.receiptPermalink);
      return { ts };
    },

    [EFFECT.cardUpdate]: async ({ row }) => ({ ts: await updateCard(row.requestId) }),

    [EFFECT.cardThreadPost]: async ({ row, payload }) => {
      const r = await requestToDeliver(ports, row);
      if (!r.triageTs) throw new Error('triage card not posted yet');
      const writer = 'userId' in payload && r.platform === 'teams' ? (payload.userId === r.requesterUserId && r.requesterName ? r.requesterName : r.vendorOrgName) : undefined;
      const msg = cardThreadMessage(payload, o.triageLocale, { teamsWriter: writer });
      const ts = await postOnce(client, {
        channel: r.triageChannelId ?? triageChannelOf(o),
        threadTs: r.triageTs,
        ...msg,
        key: row.dedupeKey,
        retry: row.attempts > 1,
      });
      return { ts };
    },

    [EFFECT.postRedact]: async ({ row, payload }) => {
      const r = await requestToDeliver(ports, row);
      const channel = payload.thread === 'card' ? (r.triageChannelId ?? triageChannelOf(o)) : r.channelId;
      // The triage channel is brreg's own (bokmål); the vendor's thread is in the request's language.
      const msg = redactedPost(payload.thread === 'card' ? 'nb' : r.locale);
      await slackCall(() => client.chat.update({ channel, ts: payload.ts, ...msg }));
      return { ts: payload.ts };
    },

    [EFFECT.vendorNote]: async ({ row, payload }) => {
      const r = await requestToDeliver(ports, row);
      if (!r.receiptTs) throw new Error('receipt not posted yet');
      const msg = vendorNoteMessage(payload, receiptModel(r));
      const ts = await postOnce(client, {
        channel: r.channelId,
        threadTs: r.receiptTs,
        ...msg,
        key: row.dedupeKey,
        retry: row.attempts > 1,
      });
      // The receipt shows the current status (and loses its withdraw button once closed).
      const receipt = receiptMessage(receiptModel(r));
      await slackCall(() => client.chat.update({ channel: r.channelId, ts: r.receiptTs!, ...receipt }));
      return { ts };
    },
  };
}
