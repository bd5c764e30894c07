import { recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { findRequestById, updateRequest } from '../db/repositories/requests.js';
import { emailField, phoneField, type FieldResult } from '../domain/intake.js';
import { cardUpdate } from './effects.js';
import type { Actor, Ports } from './ports.js';

export type ContactField = 'contact_email' | 'contact_phone' | 'customer_email' | 'customer_phone';
export type ContactFieldError = 'required' | 'email_format' | 'phone_format' | 'phone_not_mobile';

export type FixContactResult =
  | { kind: 'ok'; changed: ContactField[] }
  | { kind: 'not_found' }
  | { kind: 'purged' }
  | { kind: 'invalid'; errors: Partial<Record<ContactField, ContactFieldError>> };

export interface FixContactCommand {
  requestId: string;
  actor: Actor;
  email: string;
  phone: string;
  /**
   * The customer's email address and mobile number (customer delegation): where the customer's own
   * email goes. Absent when the modal did not show them; ignored for a request without a customer.
   */
  customer?: { email: string; phone: string };
}

type Errors = Partial<Record<ContactField, ContactFieldError>>;

/** The field's value, or its error recorded under its name. */
function valueOf(r: FieldResult<ContactFieldError>, field: ContactField, errors: Errors): string | undefined {
  if (r.ok) return r.value;
  errors[field] = r.error;
}

/**
 * Staff correct the contact person's email or phone, and for a customer delegation the customer's,
 * validated as at intake (the customer's number must be a mobile, as there). The audit says which
 * fields changed, never the values. A failed email can then be sent again from the card, to the
 * corrected address.
 */
export async function fixContact(ports: Ports, cmd: FixContactCommand): Promise<FixContactResult> {
  const errors: Errors = {};
  const email = valueOf(emailField(cmd.email), 'contact_email', errors);
  const phone = valueOf(phoneField(cmd.phone, false), 'contact_phone', errors);
  const customer = cmd.customer
    ? {
        email: valueOf(emailField(cmd.customer.email), 'customer_email', errors),
        phone: valueOf(phoneField(cmd.customer.phone, true), 'customer_phone', errors),
      }
    : undefined;
  if (Object.keys(errors).length > 0 || !email || !phone) return { kind: 'invalid', errors };
  const result = await ports.db.transaction(async (tx): Promise<FixContactResult> => {
    const request = await findRequestById(tx, cmd.requestId);
    if (!request) return { kind: 'not_found' };
    if (request.purgedAt) return { kind: 'purged' };
    const changed: ContactField[] = [];
    const patch: Parameters<typeof updateRequest>[2] = {};
    if (email !== request.contactEmail) {
      changed.push('contact_email');
      patch.contactEmail = email;
    }
    if (phone !== request.contactPhone) {
      changed.push('contact_phone');
      patch.contactPhone = phone;
    }
    // Only a request that has a customer has the customer's address to correct.
    if (customer?.email && customer.phone && request.accessType === 'customer_delegation') {
      if (customer.email !== request.customerEmail) {
        changed.push('customer_email');
        patch.customerEmail = customer.email;
      }
      if (customer.phone !== request.customerPhone) {
        changed.push('customer_phone');
        patch.customerPhone = customer.phone;
      }
    }
    if (changed.length === 0) return { kind: 'ok', changed };
    await updateRequest(tx, request.id, patch);
    const event = await recordEvent(tx, {
      requestId: request.id,
      kind: 'contact_corrected',
      actorUserId: cmd.actor.userId,
      actorTeamId: cmd.actor.teamId,
      details: { fields: changed },
    });
    await enqueue(tx, [cardUpdate(request.id, event.id)]);
    return { kind: 'ok', changed };
  });
  if (result.kind === 'ok' && result.changed.length > 0) ports.outboxNotify();
  return result;
}
