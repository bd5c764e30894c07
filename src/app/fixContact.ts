import { recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { findRequestById, updateRequest } from '../db/repositories/requests.js';
import { parseEmail } from '../domain/email.js';
import { parsePhone } from '../domain/phone.js';
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

function emailOf(raw: string, field: ContactField, errors: Errors): string | undefined {
  if (!raw.trim()) return void (errors[field] = 'required');
  const r = parseEmail(raw);
  if (r.ok) return r.value;
  errors[field] = 'email_format';
}

function phoneOf(raw: string, field: ContactField, errors: Errors, mobile: boolean): string | undefined {
  if (!raw.trim()) return void (errors[field] = 'required');
  const r = parsePhone(raw, { mobile });
  if (r.ok) return r.e164;
  errors[field] = r.error === 'not_mobile' ? 'phone_not_mobile' : 'phone_format';
}

/**
 * Staff correct the contact person's email or phone, and for a customer delegation the customer's,
 * validated as at intake (the customer's number must be a mobile, as there). The audit says which
 * fields changed, never the values. A failed email can then be sent again from the card, to the
 * corrected address.
 */
export async function fixContact(ports: Ports, cmd: FixContactCommand): Promise<FixContactResult> {
  const errors: Errors = {};
  const email = emailOf(cmd.email, 'contact_email', errors);
  const phone = phoneOf(cmd.phone, 'contact_phone', errors, false);
  const customer = cmd.customer
    ? { email: emailOf(cmd.customer.email, 'customer_email', errors), phone: phoneOf(cmd.customer.phone, 'customer_phone', errors, true) }
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
