import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { tt02AccessCommand } from './tt02Access.js';

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command('/tt02-access', tt02AccessCommand(deps));
}
