import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { teamsPeople, type TeamsPersonRow } from '../schema.js';

export type TeamsPerson = Omit<TeamsPersonRow, 'seenAt' | 'personalConversationId'> & { personalConversationId?: string | null };

/** Remembers (or refreshes) a Teams person from an activity or a roster look-up; a known personal chat is kept. */
export async function rememberTeamsPerson(db: Executor, p: TeamsPerson): Promise<void> {
  await db
    .insert(teamsPeople)
    .values({ ...p, seenAt: new Date() })
    .onConflictDoUpdate({
      target: teamsPeople.aadObjectId,
      set: {
        teamsUserId: p.teamsUserId,
        name: p.name,
        tenantId: p.tenantId,
        locale: p.locale,
        seenAt: new Date(),
        personalConversationId: sql`coalesce(${p.personalConversationId ?? null}, ${teamsPeople.personalConversationId})`,
      },
    });
}

/** The people with these Entra object ids that the app has met, by id. */
export async function teamsPeopleByIds(db: Executor, aadObjectIds: readonly string[]): Promise<Map<string, TeamsPersonRow>> {
  if (aadObjectIds.length === 0) return new Map();
  const rows = await db.select().from(teamsPeople).where(inArray(teamsPeople.aadObjectId, [...new Set(aadObjectIds)]));
  return new Map(rows.map((r) => [r.aadObjectId, r]));
}

/** The personal chat the app created with this person (POST /v3/conversations), kept for the next message. */
export async function setPersonalConversation(db: Executor, aadObjectId: string, conversationId: string): Promise<void> {
  await db.update(teamsPeople).set({ personalConversationId: conversationId }).where(eq(teamsPeople.aadObjectId, aadObjectId));
}
