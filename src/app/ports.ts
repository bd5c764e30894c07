import type { Db } from '../db/client.js';
import type { ConfirmationMails } from './confirmationPreview.js';

/** What use cases need from the outside world. */
export interface Ports {
  db: Db;
  /** Tells the outbox worker that rows were committed, so delivery starts now, not at the next poll. */
  outboxNotify: () => void;
  /** Enhetsregisteret (src/register/ implements it); unset when the look-up is off. */
  register?: EnterpriseRegister;
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

/** What the enterprise register says about an organisation number. */
export type RegisterLookup =
  | {
      kind: 'found';
      orgNumber: string;
      name: string;
      orgForm: string | null;
      deleted: boolean;
      deletedOn: string | null;
      bankrupt: boolean;
      windingUp: boolean;
      /** Where it is: the business address's place (poststed), else the postal address's. */
      place?: string | null;
    }
  | { kind: 'not_found' }
  | { kind: 'removed' }
  | { kind: 'unavailable'; reason: 'timeout' | 'network' | 'http_error' | 'malformed' }
  | { kind: 'disabled' };

/**
 * The enterprise register, as app/ is handed it (like mail): app/ never imports the client. Faults
 * are values: a look-up never rejects.
 */
export interface EnterpriseRegister {
  /** Look a number up. Never rejects. `timeoutMs` bounds this caller's wait only. */
  lookup(orgNumber: string, opts?: { timeoutMs?: number }): Promise<RegisterLookup>;
  /** The cached definitive result, if any (and `disabled` when the client is off). */
  peek(orgNumber: string): RegisterLookup | undefined;
}
