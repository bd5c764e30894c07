import type { Executor } from '../client.js';
import { seenSlackEvents } from '../schema.js';

/** Records a Slack event id; false when it was seen before (a retry), so the caller skips it. */
export async function markEventSeen(db: Executor, eventId: string): Promise<boolean> {
  const rows = await db.insert(seenSlackEvents).values({ eventId }).onConflictDoNothing().returning();
  return rows.length === 1;
}
