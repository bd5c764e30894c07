import pino from 'pino';
import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';

/**
 * Structured logs. Personal data never reaches them: these paths are censored as a safety net,
 * and the code logs request references and Slack IDs, not field values.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level,
      base: { app: 'tt02-access' },
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

/** Bolt's logger interface over pino. */
export function boltLogger(log: pino.Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = child.level as LogLevel;
  const write = (fn: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    // Bolt and the Web API client log several debug lines per call: skip the formatting when off.
    if (!child.isLevelEnabled(fn)) return;
    const [first, ...rest] = msg;
    if (first instanceof Error) child[fn]({ err: first }, rest.map(String).join(' '));
    else child[fn](msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
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

export type Logger = pino.Logger;
