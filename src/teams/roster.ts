import { rememberTeamsPerson, teamsPeople } from '../app/teamsPeople.js';
import type { TeamsClicker } from './clicker.js';
import type { TeamsDeps } from './deps.js';

/**
 * One member of a conversation's roster, by Entra object id, from the Bot Connector
 * (`GET /v3/conversations/{id}/members/{aadObjectId}`): their Teams id and name, or null when they are
 * not a member (404). Throws when the roster could not be read.
 */
export type Roster = (conversationId: string, aadObjectId: string) => Promise<{ id: string; name: string } | null>;

/** How long the roster may take: the dialog's invoke must be answered within 5 s. */
const ROSTER_MS = 2000;

/** The SDK's API client as a Roster (a 404 means "not a member"). */
export function sdkRoster(members: (conversationId: string) => { getById(id: string): Promise<{ id: string; name: string }> }): Roster {
  return async (conversationId, aadObjectId) => {
    try {
      const m = await members(conversationId).getById(aadObjectId);
      return { id: m.id, name: m.name ?? '' };
    } catch (err) {
      const status = (err as { response?: { status?: unknown } } | null)?.response?.status;
      if (status === 404) return null;
      throw err;
    }
  };
}

/**
 * The person being assigned, looked up in the triage conversation's roster (the team of the triage
 * channel) and remembered, so that the card can name them and the notice @mention them. The roster's
 * answer (which also carries the person's email and UPN) is never logged.
 */
export async function lookUpAssignee(deps: TeamsDeps, roster: Roster, who: TeamsClicker, aadObjectId: string): Promise<'ok' | 'not_in_team' | 'unavailable'> {
  const conversationId = deps.teams.triageConversationId ?? who.conversationId;
  let member: { id: string; name: string } | null;
  try {
    member = await Promise.race([
      roster(conversationId, aadObjectId),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the roster took too long')), ROSTER_MS).unref()),
    ]);
  } catch (err) {
    deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'Teams roster look-up failed');
    return 'unavailable';
  }
  if (!member) return 'not_in_team';
  const known = (await teamsPeople(deps.ports, [aadObjectId])).get(aadObjectId);
  await rememberTeamsPerson(deps.ports, {
    aadObjectId,
    teamsUserId: member.id,
    name: member.name,
    tenantId: deps.teams.tenantId,
    // The roster says no language: the one the person's own activities gave is kept.
    locale: known?.locale ?? 'nb',
  });
  return 'ok';
}
