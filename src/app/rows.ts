/**
 * The stored rows as adapters see them: slack/ and mail/ never import db/, so the types they need
 * come through here.
 */
export type { OutboxRow, RequestEventRow, RequestRow } from '../db/schema.js';
