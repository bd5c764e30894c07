/**
 * The stored rows as adapters see them: slack/ and mail/ never import db/, so the types they need
 * come through here.
 */
export type { OutboxRow, RequestEventRow, RequestRow } from '../db/schema.js';

import type { Address } from '../domain/address.js';
import type { RequestRow } from '../db/schema.js';

/** Where a request came from: its vendor's conversation and the receipt's thread (once posted). */
export function requestAddress(r: Pick<RequestRow, 'platform' | 'channelId' | 'receiptTs'>): Address {
  return { platform: r.platform, conversationId: r.channelId, ...(r.receiptTs ? { threadId: r.receiptTs } : {}) };
}
