import type { App, BlockButtonAction } from '@slack/bolt';
import { OPEN_INTAKE_ACTION_ID } from '../blocks/entryMessage.js';
import { ACCESS_TYPE_ACTION_ID } from '../blocks/intakeModal.js';
import type { SlackDeps } from '../deps.js';
import { accessTypeChanged } from './accessTypeChanged.js';
import { openIntakeFromButton } from './openIntakeButton.js';

export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(OPEN_INTAKE_ACTION_ID, openIntakeFromButton(deps));
  app.action(ACCESS_TYPE_ACTION_ID, accessTypeChanged(deps));
}
