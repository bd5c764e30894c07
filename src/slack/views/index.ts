import type { App } from '@slack/bolt';
import { INTAKE_CALLBACK_ID } from '../blocks/intakeModal.js';
import type { SlackDeps } from '../deps.js';
import { intakeSubmitted } from './intakeSubmission.js';

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(INTAKE_CALLBACK_ID, intakeSubmitted(deps));
}
