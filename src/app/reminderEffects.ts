import { z } from 'zod';

/**
 * The Home tab and the reminders' effects, as outbox kinds with a schema for each payload (parsed
 * when delivered). Dedupe keys make each happen once, whichever instance enqueues it and however
 * often: `home:<user>:<bucket>`, `digest:<day>`, `idle:<request>:<day>`, `nudge:<request>:<question>`.
 */
export const EFFECT_HOME_PUBLISH = 'slack.home.publish';
export const REMINDER_EFFECT = {
  digest: 'slack.digest.post',
  idle: 'slack.reminder.idle',
  nudgeNote: 'slack.reminder.nudge',
  nudgeMail: 'mail.nudge',
} as const;

export const homePublishPayload = z.object({ userId: z.string().min(1) });

export const digestItem = z.object({
  number: z.number().int(),
  vendorOrgName: z.string(),
  /** Working days: since filed (unassigned), in the step (overdue), since the question (vendor). */
  days: z.number().int(),
  assigneeUserId: z.string().nullable(),
  link: z.string().nullable(),
  /** Past its threshold. */
  late: z.boolean(),
});
export type DigestItem = z.infer<typeof digestItem>;

const digestList = z.object({ items: z.array(digestItem), total: z.number().int() });
export type DigestList = z.infer<typeof digestList>;

export const digestPayload = z.object({
  day: z.string(),
  thresholds: z.object({ unassigned: z.number(), step: z.number(), vendor: z.number() }),
  unassigned: digestList,
  overdue: z.object({ altinn: digestList, fnr: digestList, confirmation: digestList }),
  waitingVendor: digestList,
  /** Sent to Altinn in a batch and still waiting for the Altinn step past the step threshold. */
  sentToAltinn: digestList.default({ items: [], total: 0 }),
});
export type DigestPayload = z.infer<typeof digestPayload>;

export const idlePayload = z.object({
  userId: z.string().min(1),
  number: z.number().int(),
  vendorOrgName: z.string(),
  days: z.number().int(),
  link: z.string().nullable(),
  /** The activity it has been idle since: a newer one makes the reminder moot. */
  sinceMs: z.number(),
});
export type IdlePayload = z.infer<typeof idlePayload>;

export const nudgePayload = z.object({ questionEventId: z.number().int(), days: z.number().int() });
export type NudgePayload = z.infer<typeof nudgePayload>;
