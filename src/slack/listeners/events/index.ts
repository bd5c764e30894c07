import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { appHomeOpened } from './appHomeOpened.js';
import { appMentioned } from './appMentioned.js';
import { botJoinedChannel } from './botJoinedChannel.js';
import { vendorMessage } from './vendorMessage.js';

export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('member_joined_channel', botJoinedChannel(deps));
  app.event('app_mention', appMentioned(deps));
  app.event('app_home_opened', appHomeOpened(deps));
  app.event('message', vendorMessage(deps));
}
