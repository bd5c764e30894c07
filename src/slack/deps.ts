import type { WebClient } from '@slack/web-api';
import type { Ports } from '../app/ports.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { SlackDirectory } from './directory.js';

/** Everything listeners need; listeners stay thin: parse, call a use case, render. */
export interface SlackDeps {
  ports: Ports;
  config: Config & { slack: NonNullable<Config['slack']> };
  directory: SlackDirectory;
  logger: Logger;
  /** The clock for ages and reminders (tests set it); default: the system's. */
  now?: () => Date;
}

export type { WebClient };
