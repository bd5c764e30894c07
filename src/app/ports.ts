import type { Db } from '../db/client.js';
import type { OutboxRow } from '../db/schema.js';
import type { FreshRequest } from './outbox/worker.js';
import type { RegisterClient } from '../register/enhetsregisteret.js';
import type { ConfirmationMails } from './confirmationPreview.js';

/** What use cases need from the outside world. */
export interface Ports {
  db: Db;
  /** Tells the outbox worker that rows were committed, so delivery starts now, not at the next poll. */
  outboxNotify: () => void;
  register?: RegisterClient;
  /** The mail adapter's rendering, for the staff preview of the confirmation (set at start-up). */
  mails?: ConfirmationMails;
  /** Whether to turn new submissions away because deliveries are behind (src/app/admission.ts). */
  admission?: { busy(): boolean };
  /**
   * The outbox worker of this process. While it has room, a new request's receipt and card rows, and
   * a claim's card update, are leased to it in the statement that stores them and handed straight
   * over: no claim by the worker, no wait for its next run (see submitRequest, claimRequest): the
   * receipt, the card and the claimed card are what vendors and staff wait for. Otherwise (full, not
   * started, stopping, or use cases run on their own in tests) any worker claims them as usual, and
   * admission sees them wait.
   */
  deliverNow?: { accepting(): boolean; leaseMs: number; deliver(rows: OutboxRow[], fresh?: FreshRequest): void };
}

/** Who did something: a Slack user, with their own workspace. */
export interface Actor {
  userId: string;
  teamId?: string | null;
  enterpriseId?: string | null;
}

/** The actor of what the app does on its own (erasing the fødselsnummer, purging): no Slack user. */
export const SYSTEM_ACTOR = 'system';
