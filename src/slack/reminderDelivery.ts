import type { WebClient } from '@slack/web-api';
import { homeForViewer, viewerLocale, type StaffCheck } from '../app/home.js';
import type { Ports } from '../app/ports.js';
import { EFFECT } from '../app/effects.js';
import type { EffectHandlers } from '../app/outbox/dispatch.js';
import { idleStillDue, nudgeTarget } from '../app/reminders.js';
import { postOnce, slackCall } from './delivery.js';
import { homeView } from './views/home.js';
import { digestMessage, idleMessage, nudgeNote } from './views/reminders.js';

export interface ReminderDeliveryOptions {
  db: Ports['db'];
  client: WebClient;
  triageChannelId: string;
  now: () => Date;
  /** Staff now (STAFF_USER_IDS, the user group): checked before a staff Home tab is published. */
  staffCheck: StaffCheck;
}

/** Outbox handlers for the Home tab and the reminders. Each one that is moot by now (answered, touched) is skipped. */
export function reminderDeliveryHandlers(o: ReminderDeliveryOptions): EffectHandlers {
  const { db, client } = o;
  return {
    [EFFECT.homePublish]: async ({ payload: { userId } }) => {
      const home = await homeForViewer(db, userId, o.now(), o.staffCheck);
      if (!home) return { skipped: 'not a viewer' };
      await slackCall(() => client.views.publish({ user_id: userId, view: homeView(home.data, home.locale) }));
      return { published: userId };
    },

    [EFFECT.digestPost]: async ({ row, payload: digest }) => {
      // The case officers' channel: brreg's own language.
      const msg = digestMessage(digest, 'nb');
      const ts = await postOnce(client, { channel: o.triageChannelId, ...msg, key: row.dedupeKey, retry: row.attempts > 1 });
      return { ts };
    },

    [EFFECT.idleReminder]: async ({ row, payload: p }) => {
      if (!row.requestId || !(await idleStillDue(db, row.requestId, p))) return { skipped: 'no longer idle' };
      const msg = idleMessage(p, await viewerLocale(db, p.userId));
      // To the user's ID: Slack delivers it in the app's Messages tab (chat:write).
      const ts = await postOnce(client, { channel: p.userId, ...msg, key: row.dedupeKey, retry: row.attempts > 1 });
      return { ts };
    },

    [EFFECT.nudgeNote]: async ({ row, payload: p }) => {
      const target = row.requestId ? await nudgeTarget(db, row.requestId, p.questionEventId) : undefined;
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
