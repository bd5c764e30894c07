import type { TeamsHandlerDeps } from '../respond.js';
import { registerFileConsent } from './fileConsent.js';
import { registerStaffToolMessages } from './staffTools.js';
import { registerToolCardActions } from './toolCards.js';

/**
 * Teams has no Home tab: the staff tools live in the personal chat with the bot (and @mentions in the
 * triage channel): `queue`, `find`, `altinn`, `report`, `export`, `help`, their cards' own buttons and
 * the file consent card. Registered before the triage card's handlers: the queue's Claim carries the
 * card's claim verb, and its own route (`card.action.tools_queue_claim`) must answer it first.
 */
export function registerStaffTools(deps: TeamsHandlerDeps): void {
  registerToolCardActions(deps);
  registerFileConsent(deps);
  registerStaffToolMessages(deps);
}
