import type { WebClientOptions } from '@slack/web-api';
import { slackLogger, type Logger } from '../logger.js';

/**
 * The one configuration of every Web API client (Bolt's, the outbox's, the directory's): Node's own
 * fetch, and no hidden retries: the client's default retries for minutes and, on a 429, pauses every
 * call for the Retry-After. A 429 or an outage comes back to the caller instead: the outbox's backoff
 * (which honours Retry-After), or a listener that tells the user to try again. The WebClient waits
 * forever by default; `timeoutMs` ends a hung call.
 */
export function slackClientOptions(o: { apiUrl?: string; timeoutMs: number; logger: Logger }): WebClientOptions {
  return {
    ...(o.apiUrl ? { slackApiUrl: o.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: o.timeoutMs,
    logger: slackLogger(o.logger, 'web-api'),
  };
}
