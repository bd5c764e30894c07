import type { App } from '@microsoft/teams.apps';
import { EFFECT } from '../app/effects.js';
import type { EffectHandlers } from '../app/outbox/dispatch.js';
import { teamsToolsDeliveryHandlers } from './toolsDelivery.js';
import { cardToDeliver, recordCardPosted, requestToDeliver } from '../app/outbox/deliveries.js';
import { PermanentDeliveryError } from '../app/outbox/worker.js';
import type { Ports } from '../app/ports.js';
import { teamsPeople } from '../app/teamsPeople.js';
import type { TeamsSettings } from '../config.js';
import { formatReference } from '../domain/reference.js';
import { statusLabel, texts, type Locale } from '../domain/texts/index.js';
import { postCardOnce, replyChain, updateCard } from './connector.js';
import { teamsTriageCard } from './views/triageCard.js';
import { digestCard, redactedThreadPost, threadPost, type PeopleByUserId } from './views/threadPost.js';

export interface TeamsTriageDeliveryOptions {
  ports: Pick<Ports, 'db' | 'outboxNotify'>;
  /** The SDK's app (teams/endpoint.ts): its Bot Connector client, and Graph for the look-ups on a retry. */
  sdk: App;
  /** TEAMS_TRIAGE_CONVERSATION_ID: the channel where the cards are posted. */
  triageConversationId: string;
  /** TEAMS_TRIAGE_TEAM_ID: the team's Entra group id, for Graph look-ups and links to the card. */
  triageTeamId?: string;
  tenantId: string;
  /** TRIAGE_LOCALE: the language of the cards and their reply chains, shared by all staff. */
  triageLocale: Locale;
}

/**
 * A link that opens a channel message in Teams (a deep link). Built, not asked for: the Bot Connector
 * does not give one. Without the team's id Teams still opens the channel, not always the message.
 */
export function teamsMessageLink(o: Pick<TeamsTriageDeliveryOptions, 'triageTeamId' | 'tenantId'>, conversationId: string, activityId: string): string {
  const q = new URLSearchParams({ tenantId: o.tenantId, ...(o.triageTeamId ? { groupId: o.triageTeamId } : {}), parentMessageId: activityId });
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(conversationId.split(';')[0]!)}/${encodeURIComponent(activityId)}?${q.toString()}`;
}

/**
 * Outbox handlers for triage in Teams, the triage-side kinds of app/outbox/sides.ts: the card (a new
 * message in the triage channel, then updated in place for everyone), its reply chain (the vendor's
 * mirrored words, notes to the assignee with a real @mention), redactions there, and the morning
 * digest. The card's activity id is stored as the request's `triage_ts`, the channel as its
 * `triage_channel_id`. Order and exactly-once come from the outbox's lanes and postCardOnce.
 */
export function teamsTriageDeliveryHandlers(o: TeamsTriageDeliveryOptions): EffectHandlers {
  const { ports, sdk } = o;
  const graph = { teamId: o.triageTeamId };

  const people = async (ids: (string | null | undefined)[]): Promise<PeopleByUserId> => {
    const known = await teamsPeople(ports, ids.filter((id): id is string => !!id));
    return new Map([...known].map(([id, p]) => [id, { name: p.name, teamsUserId: p.teamsUserId }]));
  };

  /** The card for everyone, its staff named (assignee and the timeline's actors). */
  const cardFor = async (card: NonNullable<Awaited<ReturnType<typeof cardToDeliver>>>) =>
    teamsTriageCard(card, o.triageLocale, { people: await people([card.request.assigneeUserId, ...card.events.map((e) => e.actorUserId)]) });

  const cardSummary = (card: NonNullable<Awaited<ReturnType<typeof cardToDeliver>>>) => {
    const t = texts(o.triageLocale);
    const r = card.request;
    return t.card.text(formatReference(r.number), r.vendorOrgName, statusLabel(t, r.status, r.accessType, 'staff'));
  };

  return {
    [EFFECT.cardPost]: async ({ row }) => {
      const card = row.requestId ? await cardToDeliver(ports, row.requestId) : undefined;
      if (!card) throw new PermanentDeliveryError(`request ${row.requestId} not found`);
      const r = card.request;
      if (r.triageTs) return { ts: r.triageTs };
      const ts = await postCardOnce(sdk, graph, {
        conversationId: o.triageConversationId,
        card: await cardFor(card),
        summary: cardSummary(card),
        key: row.dedupeKey,
        retry: row.attempts > 1,
      });
      const permalink = teamsMessageLink(o, o.triageConversationId, ts);
      await recordCardPosted(ports, r.id, { ts, channelId: o.triageConversationId, permalink }, !!r.receiptPermalink);
      return { ts };
    },

    [EFFECT.cardUpdate]: async ({ row }) => {
      const card = row.requestId ? await cardToDeliver(ports, row.requestId) : undefined;
      if (!card) throw new PermanentDeliveryError(`request ${row.requestId} not found`);
      const r = card.request;
      if (!r.triageTs) throw new Error('triage card not posted yet');
      await updateCard(sdk, r.triageChannelId ?? o.triageConversationId, r.triageTs, await cardFor(card), cardSummary(card));
      return { ts: r.triageTs };
    },

    [EFFECT.cardThreadPost]: async ({ row, payload }) => {
      const r = await requestToDeliver(ports, row);
      if (!r.triageTs) throw new Error('triage card not posted yet');
      const ids = payload.kind === 'assigned' ? [payload.assigneeUserId, payload.byUserId] : [payload.assigneeUserId];
      const post = threadPost(payload, r.vendorOrgName, await people(ids), o.triageLocale);
      const ts = await postCardOnce(sdk, graph, {
        conversationId: r.triageChannelId ?? o.triageConversationId,
        rootId: r.triageTs,
        ...post,
        key: row.dedupeKey,
        retry: row.attempts > 1,
      });
      return { ts };
    },

    [EFFECT.postRedact]: async ({ row, payload }) => {
      if (payload.thread !== 'card') throw new PermanentDeliveryError('a vendor thread is not in Teams');
      const r = await requestToDeliver(ports, row);
      if (!r.triageTs) throw new PermanentDeliveryError('no card to redact under');
      const post = redactedThreadPost(o.triageLocale);
      await updateCard(sdk, replyChain(r.triageChannelId ?? o.triageConversationId, r.triageTs), payload.ts, post.card, post.summary);
      return { ts: payload.ts };
    },

    [EFFECT.digestPost]: async ({ row, payload: digest }) => {
      const all = [digest.unassigned, digest.overdue.altinn, digest.overdue.fnr, digest.overdue.confirmation, digest.waitingVendor, digest.sentToAltinn];
      const post = digestCard(digest, await people(all.flatMap((l) => l.items.map((i) => i.assigneeUserId))), o.triageLocale);
      const ts = await postCardOnce(sdk, graph, { conversationId: o.triageConversationId, ...post, key: row.dedupeKey, retry: row.attempts > 1 });
      return { ts };
    },
  };
}

/** The triage-side handlers from the Teams settings, for server.ts's wiring (loaded only with triage in Teams). */
export function teamsTriageHandlersFor(o: { ports: TeamsTriageDeliveryOptions['ports']; sdk: App; teams: TeamsSettings; triageLocale: Locale; now?: () => Date }): EffectHandlers {
  if (!o.teams.triageConversationId) throw new Error('triage is not in Teams: TEAMS_TRIAGE_CONVERSATION_ID is not set');
  return {
    ...teamsTriageDeliveryHandlers({
      ports: o.ports,
      sdk: o.sdk,
      triageConversationId: o.teams.triageConversationId,
      triageTeamId: o.teams.triageTeamId,
      tenantId: o.teams.tenantId,
      triageLocale: o.triageLocale,
    }),
    // Staff's own things: the files (reports, exports, the Altinn list, the monthly summary) and idle reminders.
    ...teamsToolsDeliveryHandlers({ ports: o.ports, teams: o.teams, sdk: () => o.sdk, triageLocale: o.triageLocale, now: o.now }),
  };
}
