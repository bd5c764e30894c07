import { enqueue } from '../db/repositories/outbox.js';
import { cardRefresh } from './effects.js';
import type { Ports } from './ports.js';

/** Re-renders a request's card from the stored truth (after a stale click), through the outbox. */
export async function refreshCard(ports: Pick<Ports, 'db' | 'outboxNotify'>, requestId: string): Promise<void> {
  await enqueue(ports.db, [cardRefresh(requestId)]);
  ports.outboxNotify();
}
