import type { AppOptions } from '@microsoft/teams.apps';
import { scrubLibraryMessage } from '../logScrub.js';
import type { Logger } from '../logger.js';

type ILogger = NonNullable<AppOptions<never>['logger']>;
type LogLevel = Parameters<ILogger['log']>[0];

/**
 * The Teams SDK's logger interface over pino. The SDK logs whole activities (at debug) and error
 * objects that carry them: only its text is kept, scrubbed, and everything else is dropped, as
 * `slackLogger` does for Slack's libraries.
 */
export function teamsSdkLogger(log: Logger, name = 'teams-sdk'): ILogger {
  const child = log.child({ component: name });
  const write = (level: LogLevel) => (...msg: unknown[]) => {
    const fn = level === 'trace' ? 'trace' : level;
    if (!child.isLevelEnabled(fn)) return;
    const text = msg
      .map((m) => (typeof m === 'string' ? scrubLibraryMessage(m) : typeof m === 'number' || typeof m === 'boolean' ? String(m) : m instanceof Error ? m.name : '[object omitted]'))
      .join(' ');
    child[fn](text);
  };
  const logger: ILogger = {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    trace: write('trace'),
    log: (level, ...msg) => write(level)(...msg),
    child: (childName) => teamsSdkLogger(log, `${name}/${childName}`),
  };
  return logger;
}
