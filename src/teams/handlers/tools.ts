import type { TeamsDeps } from '../deps.js';
import { registerFileConsent } from './fileConsent.js';
import { registerStaffToolMessages } from './staffTools.js';
import { registerToolCardActions } from './toolCards.js';

/**
 * Teams has no Home tab: the staff tools live in the personal chat with the bot (and @mentions in the
 * triage channel): `queue`, `find`, `altinn`, `report`, `export`, `help`, their cards' own buttons and
 * the file consent card. Registered before the triage card's handlers: the tools' card routes
 * (`card.action.<tool>`) must come before a catch-all `card.action`, which would otherwise answer them.
 */
export function registerStaffTools(deps: TeamsDeps): void {
  registerToolCardActions(deps);
  registerFileConsent(deps);
  registerStaffToolMessages(deps);
}
