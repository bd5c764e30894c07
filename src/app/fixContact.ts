import { recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { findRequestById, updateRequest } from '../db/repositories/requests.js';
import { parseEmail } from '../domain/email.js';
import { parsePhone } from '../domain/phone.js';
import { cardUpdate } from './effects.js';
import type { Actor, Ports } from './ports.js';

export type ContactField = 'contact_email' | 'contact_phone';

export type FixContactResult =
  | { kind: 'ok'; changed: ContactField[] }
  | { kind: 'not_found' }
  | { kind: 'purged' }
  | { kind: 'invalid'; errors: Partial<Record<ContactField, 'required' | 'email_format' | 'phone_format'>> };

/**
 * Staff correct the contact person's email or phone, validated as at intake. The audit says which
 * field changed, never the values. A failed email can then be sent again from the card.
 */
export async function fixContact(
  ports: Ports,
  cmd: { requestId: string; actor: Actor; email: string; phone: string },
): Promise<FixContactResult> {
  const errors: Partial<Record<ContactField, 'required' | 'email_format' | 'phone_format'>> = {};
  const email = cmd.email.trim() ? parseEmail(cmd.email) : null;
  const phone = cmd.phone.trim() ? parsePhone(cmd.phone) : null;
  if (!email) errors.contact_email = 'required';
  else if (!email.ok) errors.contact_email = 'email_format';
  if (!phone) errors.contact_phone = 'required';
  else if (!phone.ok) errors.contact_phone = 'phone_format';
  if (!email?.ok || !phone?.ok) return { kind: 'invalid', errors };
  const result = await ports.db.transaction(async (tx): Promise<FixContactResult> => {
    const request = await findRequestById(tx, cmd.requestId);
    if (!request) return { kind: 'not_found' };
    if (request.purgedAt) return { kind: 'purged' };
    const changed: ContactField[] = [];
    if (email.value !== request.contactEmail) changed.push('contact_email');
    if (phone.e164 !== request.contactPhone) changed.push('contact_phone');
    if (changed.length === 0) return { kind: 'ok', changed };
    await updateRequest(tx, request.id, { contactEmail: email.value, contactPhone: phone.e164 });
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
