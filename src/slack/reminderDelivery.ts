import type { WebClient } from '@slack/web-api';
import { homeForViewer, viewerLocale } from '../app/home.js';
import type { Ports } from '../app/ports.js';
import { EFFECT_HOME_PUBLISH, REMINDER_EFFECT, digestPayload, homePublishPayload, idlePayload, nudgePayload } from '../app/reminderEffects.js';
import { idleStillDue, nudgeTarget } from '../app/reminders.js';
import { PermanentDeliveryError, type OutboxHandler } from '../outbox/worker.js';
import { postOnce, slackCall } from './delivery.js';
import { homeView } from './views/home.js';
import { digestMessage, idleMessage, nudgeNote } from './views/reminders.js';

export interface ReminderDeliveryOptions {
  db: Ports['db'];
  client: WebClient;
  triageChannelId: string;
  now: () => Date;
}

/** Parses an outbox payload; a malformed one can never succeed, so it is given up at once. */
function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, v: unknown, kind: string): T {
  const p = schema.safeParse(v);
  if (!p.success) throw new PermanentDeliveryError(`malformed ${kind} payload`);
  return p.data;
}

/** Outbox handlers for the Home tab and the reminders. Each one that is moot by now (answered, touched) is skipped. */
export function reminderDeliveryHandlers(o: ReminderDeliveryOptions): Record<string, OutboxHandler> {
  const { db, client } = o;
  return {
    [EFFECT_HOME_PUBLISH]: async (row) => {
      const { userId } = parse(homePublishPayload, row.payload, row.kind);
      const home = await homeForViewer(db, userId, o.now());
      if (!home) return { skipped: 'not a viewer' };
      await slackCall(() => client.views.publish({ user_id: userId, view: homeView(home.data, home.locale) }));
      return { published: userId };
    },

    [REMINDER_EFFECT.digest]: async (row) => {
      const digest = parse(digestPayload, row.payload, row.kind);
      // The case officers' channel: brreg's own language.
      const msg = digestMessage(digest, 'nb');
      const ts = await postOnce(client, { channel: o.triageChannelId, ...msg, key: row.dedupeKey, retry: row.attempts > 1 });
      return { ts };
    },

    [REMINDER_EFFECT.idle]: async (row) => {
      const p = parse(idlePayload, row.payload, row.kind);
      if (!row.requestId || !(await idleStillDue(db, row.requestId, p))) return { skipped: 'no longer idle' };
      const msg = idleMessage(p, await viewerLocale(db, p.userId));
      // To the user's ID: Slack delivers it in the app's Messages tab (chat:write).
      const ts = await postOnce(client, { channel: p.userId, ...msg, key: row.dedupeKey, retry: row.attempts > 1 });
      return { ts };
    },

    [REMINDER_EFFECT.nudgeNote]: async (row) => {
      const p = parse(nudgePayload, row.payload, row.kind);
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
