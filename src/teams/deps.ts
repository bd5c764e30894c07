import type { App } from '@microsoft/teams.apps';
import type { Ports } from '../app/ports.js';
import type { Config, TeamsSettings } from '../config.js';
import type { Logger } from '../logger.js';
import type { TeamsStaff } from './staff.js';

/** Everything Teams handlers need; handlers stay thin: parse, call a use case, render (slack/deps.ts's sibling). */
export interface TeamsDeps {
  ports: Ports;
  config: Config;
  teams: TeamsSettings;
  /** The SDK's app: proactive sends (`sdk.send`, `sdk.api`) go through it. */
  sdk: App;
  logger: Logger;
  /** Who is staff in Teams (default: TEAMS_STAFF_AAD_IDS and TEAMS_STAFF_GROUP_ID through Graph, see staff.ts). */
  staff?: TeamsStaff;
  /** The clock for ages and reminders (tests set it); default: the system's. */
  now?: () => Date;
}
