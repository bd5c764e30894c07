import type { App } from '@microsoft/teams.apps';
import { EFFECT } from '../app/effects.js';
import type { EffectHandlers } from '../app/outbox/dispatch.js';
import type { Ports } from '../app/ports.js';
import { idleStillDue } from '../app/reminders.js';
import type { TeamsSettings } from '../config.js';
import { personalChat } from './personalChat.js';
import { idleCard } from './views/tools.js';

export interface TeamsReminderDeliveryOptions {
  ports: Pick<Ports, 'db'>;
  teams: TeamsSettings;
  sdk: () => App;
}

/**
 * The idle reminder when triage is in Teams: to the assignee's personal chat with the bot (opened by
 * the app if it has none yet), in their Teams language. Skipped when moot (touched, reassigned). Once
 * across instances: the reminder's dedupe key makes one row, and the outbox's lease delivers it once.
 */
export function teamsReminderDeliveryHandlers(o: TeamsReminderDeliveryOptions): EffectHandlers {
  return {
    [EFFECT.idleReminder]: async ({ row, payload: p }) => {
      if (!row.requestId || !(await idleStillDue(o.ports, row.requestId, p))) return { skipped: 'no longer idle' };
      const chat = await personalChat({ ports: o.ports, sdk: o.sdk(), teams: o.teams }, p.userId);
      const sent = await o.sdk().send(chat.conversationId, {
        type: 'message',
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: idleCard(p, chat.locale) }],
      });
      return { conversationId: chat.conversationId, activityId: sent.id };
    },
  };
}
