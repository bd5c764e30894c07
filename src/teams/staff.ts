import type { TeamsSettings } from '../config.js';
import type { Logger } from '../logger.js';
import { botTokenProvider } from './botToken.js';

/**
 * 'other_tenant': the person's Entra tenant is not ours (a guest from a shared channel, another
 * organisation's bot user): never staff, whatever the lists say. 'unavailable': the group could not
 * be checked in time; treated as not staff (fail closed).
 */
export type TeamsStaffVerdict = 'staff' | 'not_staff' | 'other_tenant' | 'unavailable';

/** Who is asking, as Teams says it: the Entra object id and the tenant of the activity. */
export interface TeamsPersonRef {
  aadObjectId?: string;
  tenantId?: string;
}

export interface TeamsStaff {
  verdict(person: TeamsPersonRef): Promise<TeamsStaffVerdict>;
}

/** How long a group check may take: a Teams invoke must be answered within 5 s, our own work included. */
export const GRAPH_CHECK_MS = 2000;

interface Cached {
  staff: boolean;
  until: number;
}

/**
 * Teams staff: Entra object ids in TEAMS_STAFF_AAD_IDS, and/or members (direct or nested) of the Entra
 * group TEAMS_STAFF_GROUP_ID, asked of Microsoft Graph with the bot's own token (client credentials,
 * scope `{GRAPH_URL}/.default`):
 *
 *   POST {GRAPH_URL}/v1.0/users/{aadObjectId}/checkMemberGroups  { "groupIds": [TEAMS_STAFF_GROUP_ID] }
 *
 * It answers only whether this one person is in this one group (transitively); the app never reads
 * anyone's group list or the group's members. Graph documents the least privileged application
 * permissions for it as User.Read.All + GroupMember.Read.All (admin-consented). GroupMember.Read.All
 * reads memberships only, where Group.Read.All would also read every group's properties, conversations
 * and files, and Directory.Read.All the whole directory.
 *
 * A definite answer is kept for STAFF_CACHE_SECONDS (per person); a check that fails or takes longer
 * than GRAPH_CHECK_MS refuses ('unavailable'), never falling back on a stale answer, and is not cached.
 */
export function createTeamsStaff(o: {
  teams: TeamsSettings;
  cacheSeconds: number;
  logger: Logger;
  now?: () => number;
  /** The bot's token for a scope (default: client credentials against TEAMS_LOGIN_URL). */
  token?: (scope: string) => Promise<string>;
}): TeamsStaff {
  const { teams } = o;
  const log = o.logger.child({ component: 'teams-staff' });
  const now = o.now ?? Date.now;
  const token = o.token ?? botTokenProvider({ ...teams, timeoutMs: GRAPH_CHECK_MS });
  const scope = `${teams.graphUrl}/.default`;
  const cache = new Map<string, Cached>();
  const inFlight = new Map<string, Promise<boolean>>();
  const listed = new Set(teams.staffAadIds.map((id) => id.toLowerCase()));

  const inGroup = async (aadObjectId: string, groupId: string): Promise<boolean> => {
    const res = await fetch(`${teams.graphUrl}/v1.0/users/${encodeURIComponent(aadObjectId)}/checkMemberGroups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token(scope)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ groupIds: [groupId] }),
      signal: AbortSignal.timeout(GRAPH_CHECK_MS),
    });
    // 404: no such user in our directory: certainly not staff.
    if (res.status === 404) return false;
    if (!res.ok) throw new Error(`Graph answered ${res.status}`);
    const body = (await res.json()) as { value?: unknown };
    if (!Array.isArray(body.value)) throw new Error('Graph answered without a value list');
    return body.value.some((id) => typeof id === 'string' && id.toLowerCase() === groupId.toLowerCase());
  };

  return {
    async verdict(person) {
      if (!person.tenantId || person.tenantId.toLowerCase() !== teams.tenantId.toLowerCase()) return 'other_tenant';
      const id = person.aadObjectId?.toLowerCase();
      if (!id) return 'not_staff';
      if (listed.has(id)) return 'staff';
      const group = teams.staffGroupId;
      if (!group) return 'not_staff';
      const cached = cache.get(id);
      if (cached && cached.until > now()) return cached.staff ? 'staff' : 'not_staff';
      let check = inFlight.get(id);
      if (!check) {
        // A slow answer still fills the cache for the next attempt.
        check = inGroup(id, group)
          .then((staff) => {
            cache.set(id, { staff, until: now() + o.cacheSeconds * 1000 });
            return staff;
          })
          .finally(() => inFlight.delete(id));
        inFlight.set(id, check);
      }
      const answer = await Promise.race([
        check.then(
          (staff) => ({ staff }),
          (err: unknown) => {
            log.warn({ err: err instanceof Error ? err.message : String(err) }, 'Teams staff group check failed');
            return null;
          },
        ),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), GRAPH_CHECK_MS).unref()),
      ]);
      if (!answer) return 'unavailable';
      return answer.staff ? 'staff' : 'not_staff';
    },
  };
}
