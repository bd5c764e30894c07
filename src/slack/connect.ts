import { ErrorCode, type WebClient } from '@slack/web-api';
import { ConfigError } from '../config.js';

export interface BotIdentity {
  botUserId: string;
  botId: string;
  /** The workspace's URL (`https://<name>.slack.com/`): permalinks are built from it. */
  workspaceUrl?: string;
}

export type SlackAnswer =
  | { kind: 'ok'; identity: BotIdentity }
  /** Slack answered, and the answer means these credentials will never work. */
  | { kind: 'rejected'; slackAnswered: string }
  /** No answer, or one that says "later": worth retrying. */
  | { kind: 'unreachable'; error: string };

/** Platform errors that are about Slack's state, not the credentials: retried like an outage. */
const TRANSIENT = new Set(['ratelimited', 'fatal_error', 'internal_error', 'service_unavailable', 'request_timeout']);

/** Sorts an error from a Slack call into "credentials refused" or "Slack unreachable for now". */
export function classifySlackError(err: unknown): Exclude<SlackAnswer, { kind: 'ok' }> {
  const e = err as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; original?: { message?: unknown; cause?: { code?: unknown } } };
  if (e.code === ErrorCode.PlatformError && typeof e.data?.error === 'string') {
    return TRANSIENT.has(e.data.error) ? { kind: 'unreachable', error: e.data.error } : { kind: 'rejected', slackAnswered: e.data.error };
  }
  if (e.code === ErrorCode.HTTPError) return { kind: 'unreachable', error: `HTTP ${String(e.statusCode)}` };
  if (e.code === ErrorCode.RateLimitedError) return { kind: 'unreachable', error: 'rate limited' };
  if (e.code === ErrorCode.RequestError) {
    const cause = e.original?.cause?.code;
    return { kind: 'unreachable', error: `${String(e.original?.message ?? 'request failed')}${typeof cause === 'string' ? ` (${cause})` : ''}` };
  }
  return { kind: 'unreachable', error: err instanceof Error ? err.name : 'unknown error' };
}

/** Asks Slack who the bot token belongs to (`auth.test`), which also proves the token works. */
export async function checkBotToken(client: WebClient): Promise<SlackAnswer> {
  try {
    const r = await client.auth.test();
    if (!r.user_id || !r.bot_id) return { kind: 'rejected', slackAnswered: 'not a bot token (auth.test gave no bot_id)' };
    return { kind: 'ok', identity: { botUserId: r.user_id, botId: r.bot_id, ...(r.url ? { workspaceUrl: r.url } : {}) } };
  } catch (err) {
    return classifySlackError(err);
  }
}

const HOW_TO_FIX: Record<string, string> = {
  SLACK_BOT_TOKEN: 'copy the Bot User OAuth Token (xoxb-…) again from "OAuth & Permissions" (reinstall the app if it was revoked)',
  SLACK_APP_TOKEN: 'create or copy the app-level token (xapp-…, scope connections:write) under "Basic Information"',
};

/** The one message for credentials Slack refused: the variable, what Slack answered, what to do. */
export function credentialsRefused(variable: keyof typeof HOW_TO_FIX, method: string, slackAnswered: string): ConfigError {
  return new ConfigError([`${variable}: Slack refused it (${method} answered "${slackAnswered}"); ${HOW_TO_FIX[variable]}`]);
}
