import pino from 'pino';
import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { scrubLibraryMessage, serializeError } from './logScrub.js';

/**
 * Structured logs. Personal data never reaches them: errors are serialised without query parameters
 * or echoed values (see logScrub.ts), Slack's libraries log through `slackLogger`, which drops
 * payloads, and these paths are censored as a safety net. The code logs request references and Slack
 * IDs, not field values.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level,
      base: { app: 'tt02-access' },
      // Every `log.x({ err }, …)` call site goes through this one serializer.
      serializers: { err: (e: unknown) => serializeError(e) },
      redact: {
        paths: [
          '*.email', '*.contactEmail', '*.customerEmail', '*.phone', '*.contactPhone', '*.customerPhone',
          '*.fnr', '*.loginFnr', '*.to', '*.cc', '*.bcc', 'email', 'phone', 'fnr', 'to', 'cc', 'bcc',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/**
 * The logger interface of Bolt and of the Web API client (both @slack/logger's) over pino. They log
 * incoming bodies, request and response bodies and acknowledgements at debug level: payloads are
 * dropped and other text scrubbed; method names and statuses remain.
 */
export function slackLogger(log: pino.Logger, component: string): BoltLogger {
  const child = log.child({ component });
  let level = child.level as LogLevel;
  const write = (fn: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    // Bolt and the Web API client log several debug lines per call: skip the formatting when off.
    if (!child.isLevelEnabled(fn)) return;
    const err = msg.find((m) => m instanceof Error);
    const text = msg
      .filter((m) => !(m instanceof Error))
      .map((m) => (typeof m === 'string' ? scrubLibraryMessage(m) : typeof m === 'number' || typeof m === 'boolean' ? String(m) : '[object omitted]'))
      .join(' ');
    if (err) child[fn]({ err }, text);
    else child[fn](text);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** Bolt's logger (also handed to the WebClient Bolt creates). */
export function boltLogger(log: pino.Logger): BoltLogger {
  return slackLogger(log, 'bolt');
}

export type Logger = pino.Logger;
