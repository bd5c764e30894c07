import type { TeamsDeps } from './deps.js';
import { registerStaffTools } from './handlers/tools.js';

/**
 * The Teams side of the app, as slack/app.ts is Slack's: every handler registered on the SDK's app by
 * kind (card actions and dialogs, messages in the personal chat and the triage channel, installs).
 */
export function registerTeamsHandlers(deps: TeamsDeps): void {
  // First: the tools' card routes must precede a catch-all `card.action` (see handlers/tools.ts).
  registerStaffTools(deps);
}
