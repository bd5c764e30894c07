import type { Db } from '../db/client.js';
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
}

/** Who did something: a Slack user, with their own workspace. */
export interface Actor {
  userId: string;
  teamId?: string | null;
  enterpriseId?: string | null;
}

/** The actor of what the app does on its own (erasing the fødselsnummer, purging): no Slack user. */
export const SYSTEM_ACTOR = 'system';
