import type { WebClient } from '@slack/web-api';
import { homeForViewer, viewerLocale, type StaffCheck } from '../app/home.js';
import type { Ports } from '../app/ports.js';
import { EFFECT } from '../app/effects.js';
import type { EffectHandlers } from '../app/outbox/dispatch.js';
import { idleStillDue, nudgeTarget } from '../app/reminders.js';
import { localeFromSlack, type Locale } from '../domain/texts/index.js';
import { postOnce, slackCall, triageChannelOf } from './delivery.js';
import { homeView } from './views/home.js';
import { digestMessage, idleMessage, nudgeNote } from './views/reminders.js';

export interface ReminderDeliveryOptions {
  ports: Ports;
  client: WebClient;
  /** Unset with triage in Teams: Slack then posts nothing on the triage side (app/outbox/sides.ts). */
  triageChannelId?: string;
  /** TRIAGE_LOCALE: the digest's language. */
  triageLocale: Locale;
  now: () => Date;
  /** Staff now (STAFF_USER_IDS, the user group): checked before a staff Home tab is published. */
  staffCheck: StaffCheck;
}

/** Outbox handlers for the Home tab and the reminders. Each one that is moot by now (answered, touched) is skipped. */
export function reminderDeliveryHandlers(o: ReminderDeliveryOptions): EffectHandlers {
  const { ports, client } = o;
  return {
    [EFFECT.homePublish]: async ({ payload: { userId } }) => {
      const home = await homeForViewer(ports, userId, o.now(), o.staffCheck);
      if (!home) return { skipped: 'not a viewer' };
      await slackCall(() => client.views.publish({ user_id: userId, view: homeView(home.data, home.locale) }));
      return { published: userId };
    },

    [EFFECT.digestPost]: async ({ row, payload: digest }) => {
      const msg = digestMessage(digest, o.triageLocale);
      const ts = await postOnce(client, { channel: triageChannelOf(o), ...msg, key: row.dedupeKey, retry: row.attempts > 1 });
      return { ts };
    },

    [EFFECT.idleReminder]: async ({ row, payload: p }) => {
      if (!row.requestId || !(await idleStillDue(ports, row.requestId, p))) return { skipped: 'no longer idle' };
      // A direct message is the staff member's own: in their Slack locale (as last seen on Home if Slack does not answer).
      const locale = await slackCall(() => client.users.info({ user: p.userId, include_locale: true })).then(
        (res) => localeFromSlack((res.user as { locale?: string } | undefined)?.locale),
        () => viewerLocale(ports, p.userId),
      );
      const msg = idleMessage(p, locale);
      // To the user's ID: Slack delivers it in the app's Messages tab (chat:write).
      const ts = await postOnce(client, { channel: p.userId, ...msg, key: row.dedupeKey, retry: row.attempts > 1 });
      return { ts };
    },

    [EFFECT.nudgeNote]: async ({ row, payload: p }) => {
      const target = row.requestId ? await nudgeTarget(ports, row.requestId, p.questionEventId) : undefined;
      if (!target) return { skipped: 'answered or closed' };
      if (!target.receiptTs) throw new Error('receipt not posted yet');
      const msg = nudgeNote(target.requesterUserId, p.days, target.locale);
      const ts = await postOnce(client, {
        channel: target.channelId,
        threadTs: target.receiptTs,
        ...msg,
        key: row.dedupeKey,
        retry: row.attempts > 1,
      });
      return { ts };
    },
  };
}
