import { rememberTeamsPerson as remember, teamsPeopleByIds, type TeamsPerson } from '../db/repositories/teamsPeople.js';
import type { Ports } from './ports.js';

export type { TeamsPerson };
export type { TeamsPersonRow } from '../db/schema.js';

/** Teams gives a person's name only with their activities: each one the app sees is remembered. */
export const rememberTeamsPerson = (ports: Pick<Ports, 'db'>, p: TeamsPerson) => remember(ports.db, p);

/** The Teams people with these Entra object ids that the app has met (names for cards and @mentions). */
export const teamsPeople = (ports: Pick<Ports, 'db'>, aadObjectIds: readonly string[]) => teamsPeopleByIds(ports.db, aadObjectIds);
