import { rememberTeamsPerson as remember, setPersonalConversation, teamsPeopleByIds, type TeamsPerson } from '../db/repositories/teamsPeople.js';
import type { Ports } from './ports.js';

export type { TeamsPerson };
export type { TeamsPersonRow } from '../db/schema.js';

/** Teams gives a person's name only with their activities: each one the app sees is remembered. */
export const rememberTeamsPerson = (ports: Pick<Ports, 'db'>, p: TeamsPerson) => remember(ports.db, p);

/** The Teams people with these Entra object ids that the app has met (names for cards and @mentions). */
export const teamsPeople = (ports: Pick<Ports, 'db'>, aadObjectIds: readonly string[]) => teamsPeopleByIds(ports.db, aadObjectIds);

/** One Teams person the app has met, by Entra object id. */
export const teamsPerson = async (ports: Pick<Ports, 'db'>, aadObjectId: string) => (await teamsPeopleByIds(ports.db, [aadObjectId])).get(aadObjectId);

/** Keeps the personal chat the app opened with a person, so the next proactive message goes straight there. */
export const rememberPersonalChat = (ports: Pick<Ports, 'db'>, aadObjectId: string, conversationId: string) =>
  setPersonalConversation(ports.db, aadObjectId, conversationId);
