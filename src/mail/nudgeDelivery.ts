import type { Ports } from '../app/ports.js';
import { EFFECT } from '../app/effects.js';
import type { EffectHandlers } from '../app/outbox/dispatch.js';
import { nudgeTarget } from '../app/reminders.js';
import type { Config } from '../config.js';
import { formatReference } from '../domain/reference.js';
import { texts } from '../domain/texts/index.js';
import { PermanentDeliveryError } from '../app/outbox/worker.js';
import { nudgeEmail } from './nudgeEmail.js';
import { orgNames } from './orgNames.js';
import { outgoingMail, sendMail } from './sendMail.js';
import type { Mailer } from './transport.js';

/** The vendor nudge's email to the contact person; skipped once the question is answered or the request closed. */
export function nudgeMailHandlers(o: { ports: Ports; mailer: Mailer; mail: Config['mail'] }): EffectHandlers {
  return {
    [EFFECT.nudgeMail]: async ({ row, payload: p }) => {
      const target = row.requestId ? await nudgeTarget(o.ports, row.requestId, p.questionEventId) : undefined;
      if (!target) return { skipped: 'answered or closed' };
      if (target.purged || !target.contactEmail) throw new PermanentDeliveryError('the personal data of this request has been purged');
      const rendered = nudgeEmail(
        {
          reference: formatReference(target.number),
          vendorOrgName: orgNames(target).vendorOrgName,
          contactName: target.contactName,
          question: target.question,
          waited: texts(target.locale).home.age(p.days),
          platform: target.platform,
        },
        target.locale,
      );
      const sent = await sendMail(o.mailer, outgoingMail([target.contactEmail], rendered, `tt02-nudge-${row.requestId}-${p.questionEventId}`, o.mail));
      return { messageId: sent.messageId };
    },
  };
}
