import type { ActivityParams, Client } from '@microsoft/teams.api';
import type { App } from '@microsoft/teams.apps';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { PermanentDeliveryError, RetryLaterError } from '../app/outbox/worker.js';

/**
 * The Bot Connector's (and Graph's) answers that no retry can fix: a malformed activity, a bot not
 * allowed there, a conversation or message that does not exist, a message too large. A 429 waits for
 * its Retry-After; anything else (5xx, 408, a timeout, no answer) is retried with backoff.
 */
const PERMANENT = new Set([400, 401, 403, 404, 405, 413, 415]);

/** Longest Retry-After honoured as asked: past it the row still waits, but no more than this. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

interface HttpFailure {
  response?: { status?: number; headers?: Record<string, unknown> | { get?: (name: string) => unknown } };
  status?: number;
  statusCode?: number;
  code?: string;
}

function statusOf(err: unknown): number | undefined {
  const e = err as HttpFailure;
  return e?.response?.status ?? e?.statusCode ?? e?.status;
}

function retryAfterMs(err: unknown): number | undefined {
  const headers = (err as HttpFailure)?.response?.headers as Record<string, unknown> | undefined;
  const raw = headers?.['retry-after'];
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(1, seconds) * 1000;
  const at = Date.parse(String(raw));
  return Number.isNaN(at) ? undefined : Math.max(1000, at - Date.now());
}

/**
 * Translates a Bot Connector failure into the outbox's terms: later (429, Retry-After), never (a 4xx
 * that cannot succeed), or retry with backoff. The message names the status only: an answer's body
 * could echo what was posted.
 */
export async function teamsCall<T>(what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    const status = statusOf(err);
    if (status === 429) {
      throw new RetryLaterError(`rate limited by Teams (${what})`, Math.min(MAX_RETRY_AFTER_MS, retryAfterMs(err) ?? 1000));
    }
    if (status !== undefined && PERMANENT.has(status)) throw new PermanentDeliveryError(`Teams refused ${what}: ${status}`);
    if (status !== undefined) throw new Error(`Teams answered ${what} with ${status}`);
    const code = (err as HttpFailure)?.code;
    throw new Error(`Teams could not be reached for ${what}${code ? ` (${code})` : ''}`);
  }
}

/** The id of the card's invisible element that carries the outbox row's dedupe key: found again through Graph. */
export const OUTBOX_MARK_PREFIX = 'tt02-outbox:';

/** The card with its outbox key, in an invisible element (Graph returns a message's card as posted). */
export function markCard(card: IAdaptiveCard, key: string): IAdaptiveCard {
  return { ...card, body: [...(card.body ?? []), { type: 'TextBlock', text: ' ', id: `${OUTBOX_MARK_PREFIX}${key}`, isVisible: false }] };
}

/** A message activity carrying one Adaptive Card; `summary` is what notifications and the chat list show. */
export function cardActivity(card: IAdaptiveCard, summary: string): ActivityParams {
  return {
    type: 'message',
    summary,
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
  } as ActivityParams;
}

/** What posts and updates go through: the SDK's client (TEAMS_SERVICE_URL) or one for a conversation's own serviceUrl. */
export type BotConnector = Pick<Client, 'conversations'>;

/**
 * A serviceUrl from a verified activity, if it may be posted to: https (or the configured URL's scheme)
 * on the configured TEAMS_SERVICE_URL's host. Bot Framework's regions differ by path only
 * (smba.trafficmanager.net/emea/, /amer/, …); another host is not trusted, whatever signed it.
 */
export function acceptedServiceUrl(configured: string, seen: unknown): string | null {
  if (typeof seen !== 'string' || seen.length > 500) return null;
  try {
    const a = new URL(seen);
    const b = new URL(configured);
    return a.origin === b.origin && !a.username && !a.password && !a.search && !a.hash ? a.href : null;
  } catch {
    return null;
  }
}

/**
 * The Bot Connector at `serviceUrl` (a conversation's own, kept from its activities), through the
 * SDK's HTTP client and token; the SDK's own client (TEAMS_SERVICE_URL) when none is known.
 */
export function connectorAt(sdk: App, serviceUrl: string | null | undefined): BotConnector {
  if (!serviceUrl) return sdk.api;
  const url = serviceUrl.replace(/\/+$/, '');
  if (url === sdk.api.serviceUrl) return sdk.api;
  // The SDK's own Client class, taken from its client rather than imported: a value import here would
  // load the SDK at every start of the production bundle, Teams configured or not (scripts/bundle.mjs).
  const SdkClient = sdk.api.constructor as typeof Client;
  return new SdkClient(url, sdk.api.http, undefined, sdk.cloud);
}

/** A reply chain's conversation id: the channel's id with the root message's id. */
export const replyChain = (conversationId: string, rootActivityId: string) => `${conversationId.split(';')[0]};messageid=${rootActivityId}`;

export interface GraphLookup {
  /** The triage team's Entra group id (TEAMS_TRIAGE_TEAM_ID); without it no look-up is possible. */
  teamId?: string;
}

interface GraphMessage {
  id?: string;
  attachments?: { contentType?: string; content?: string | null }[];
}

/**
 * The message (top-level, or a reply under `rootId`) that carries `key`, through Microsoft Graph
 * (`GET /teams/{team}/channels/{channel}/messages[/{root}/replies]`, allowed by the app's RSC
 * permission ChannelMessage.Read.Group). The newest 50 are read: an attempt is retried within
 * minutes, and a busy triage channel does not get 50 posts in between.
 */
async function findMarked(sdk: App, teamId: string, channelId: string, rootId: string | undefined, key: string): Promise<string | undefined> {
  const channel = encodeURIComponent(channelId.split(';')[0]!);
  const path = `/teams/${encodeURIComponent(teamId)}/channels/${channel}/messages${rootId ? `/${encodeURIComponent(rootId)}/replies` : ''}?$top=50`;
  const res = await sdk.graph.http.get<{ value?: GraphMessage[] }>(path);
  const mark = JSON.stringify(`${OUTBOX_MARK_PREFIX}${key}`);
  return (res.data.value ?? []).find((m) => m.attachments?.some((a) => typeof a.content === 'string' && a.content.includes(mark)))?.id;
}

export interface PostOnceArgs {
  /** The triage channel's conversation id. */
  conversationId: string;
  /** A reply in this root message's chain. */
  rootId?: string;
  /** The card, marked with `key` here. */
  card: IAdaptiveCard;
  summary: string;
  key: string;
  /** Not the first attempt: a previous one may have posted before it could record success. */
  retry: boolean;
  /** Where to post (default: the SDK's client, TEAMS_SERVICE_URL). */
  connector?: BotConnector;
}

/**
 * Posts a card at most once per key, the Teams way of Slack's postOnce: the Bot Connector takes no
 * idempotency key, so on a retry the channel (or the reply chain) is read through Graph for a card
 * marked with the key before posting again. A look-up that fails (or no team id to look in) posts:
 * a rare duplicate is the lesser harm than a card staff never see.
 */
export async function postCardOnce(sdk: App, graph: GraphLookup, a: PostOnceArgs): Promise<string> {
  if (a.retry && graph.teamId) {
    const found = await findMarked(sdk, graph.teamId, a.conversationId, a.rootId, a.key).catch(() => undefined);
    if (found) return found;
  }
  const conversation = a.rootId ? replyChain(a.conversationId, a.rootId) : a.conversationId;
  const activity = cardActivity(markCard(a.card, a.key), a.summary);
  const res = await teamsCall('a post', () => (a.connector ?? sdk.api).conversations.createActivity(conversation, activity));
  if (!res?.id) throw new Error('the Bot Connector answered no activity id');
  return res.id;
}

/** Replaces a posted card for everyone (PUT …/activities/{id}). */
export async function updateCard(sdk: App, conversationId: string, activityId: string, card: IAdaptiveCard, summary: string, connector: BotConnector = sdk.api): Promise<void> {
  await teamsCall('an update', () => connector.conversations.updateActivity(conversationId, activityId, { ...cardActivity(card, summary), id: activityId } as ActivityParams));
}
