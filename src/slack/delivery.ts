import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { EFFECT, cardUpdate, type CardThreadPost, type VendorNote } from '../app/effects.js';
import { loadCard } from '../app/loadCard.js';
import type { Db } from '../db/client.js';
import { enqueue } from '../db/repositories/outbox.js';
import { findRequestById, updateRequest } from '../db/repositories/requests.js';
import type { OutboxRow, RequestRow } from '../db/schema.js';
import type { AccessType } from '../domain/intake.js';
import type { Status } from '../domain/lifecycle.js';
import type { Locale } from '../domain/texts/index.js';
import { PermanentDeliveryError, RetryLaterError, type OutboxHandler } from '../outbox/worker.js';
import { receiptMessage } from './views/receiptMessage.js';
import { triageCard } from './views/triageCard.js';
import { vendorNoteMessage } from './views/vendorNote.js';
import { cardThreadMessage } from './views/cardThread.js';

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
    status: r.status as Status,
    accessType: r.accessType as AccessType,
    vendorOrgName: r.vendorOrgName,
    requesterUserId: r.requesterUserId,
    locale: r.locale as Locale,
  };
}

export interface SlackDeliveryOptions {
  db: Db;
  client: WebClient;
  triageChannelId: string;
  notify: () => void;
}

/** Outbox handlers for everything the app posts to Slack. */
export function slackDeliveryHandlers(o: SlackDeliveryOptions): Record<string, OutboxHandler> {
  const { db, client } = o;
  const request = async (row: OutboxRow) => {
    const r = row.requestId ? await findRequestById(db, row.requestId) : undefined;
    if (!r) throw new PermanentDeliveryError(`request ${row.requestId} not found`);
    return r;
  };

  const updateCard = async (r: RequestRow) => {
    const card = await loadCard(db, r.id);
    if (!card || !r.triageTs) throw new Error('triage card not posted yet');
    const msg = triageCard(card);
    await slackCall(() =>
      client.chat.update({ channel: r.triageChannelId ?? o.triageChannelId, ts: r.triageTs!, text: msg.text, blocks: msg.blocks }),
    );
  };

  return {
    [EFFECT.receiptPost]: async (row) => {
      const r = await request(row);
      if (r.receiptTs) return { ts: r.receiptTs };
      const msg = receiptMessage(receiptModel(r));
      const ts = await postOnce(client, { channel: r.channelId, ...msg, key: row.dedupeKey, retry: row.attempts > 1 });
      const permalink = await client.chat
        .getPermalink({ channel: r.channelId, message_ts: ts })
        .then((p) => p.permalink ?? null)
        .catch(() => null);
      const stored = await updateRequest(db, r.id, { receiptTs: ts, receiptPermalink: permalink });
      // The card links to the receipt. Usually it is posted after this (same request, in order) and
      // carries the link from the start; only a card that went out first needs a refresh.
      if (stored?.triageTs) {
        await enqueue(db, [cardUpdate(r.id, 'receipt')]);
        o.notify();
      }
      return { ts };
    },

    [EFFECT.cardPost]: async (row) => {
      const r = await request(row);
      if (r.triageTs) return { ts: r.triageTs };
      const card = await loadCard(db, r.id);
      const msg = triageCard(card!);
      const ts = await postOnce(client, { channel: o.triageChannelId, ...msg, key: row.dedupeKey, retry: row.attempts > 1 });
      // Stored once, so `find` (and App Home) link to the card without a Web API call per result.
      const permalink = await client.chat
        .getPermalink({ channel: o.triageChannelId, message_ts: ts })
        .then((p) => p.permalink ?? null)
        .catch(() => null);
      await updateRequest(db, r.id, { triageTs: ts, triageChannelId: o.triageChannelId, triagePermalink: permalink });
      return { ts };
    },

    [EFFECT.cardUpdate]: async (row) => {
      const r = await request(row);
      await updateCard(r);
      return { ts: r.triageTs };
    },

    [EFFECT.cardThreadPost]: async (row) => {
      const r = await request(row);
      if (!r.triageTs) throw new Error('triage card not posted yet');
      const msg = cardThreadMessage(row.payload as CardThreadPost);
      const ts = await postOnce(client, {
        channel: r.triageChannelId ?? o.triageChannelId,
        threadTs: r.triageTs,
        ...msg,
        key: row.dedupeKey,
        retry: row.attempts > 1,
      });
      return { ts };
    },

    [EFFECT.vendorNote]: async (row) => {
      const r = await request(row);
      if (!r.receiptTs) throw new Error('receipt not posted yet');
      const msg = vendorNoteMessage(row.payload as VendorNote, receiptModel(r));
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
