import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';

/**
 * The Slack fields listeners read, parsed with zod at the boundary, in one global middleware: Slack
 * always sends them with these types, so this refuses nothing real, and a listener never fails on a
 * signed body whose field is missing or mistyped. Listeners still parse the content (values,
 * `private_metadata`) themselves. A refused event was acknowledged already and is dropped; anything
 * else is answered 400 (receiver.ts).
 */
export class MalformedPayload extends Error {}

const id = z.string().optional();
const option = z.object({ value: z.string() });
const inputState = z.object({ type: z.string(), value: z.string().nullish(), selected_option: option.nullish(), selected_options: z.array(option).optional() });
const state = z.object({ values: z.record(z.string(), z.record(z.string(), inputState)) });
const user = z.object({ id: z.string(), team_id: id });

const action = z.object({
  type: z.literal('block_actions'),
  user,
  trigger_id: id,
  actions: z.array(z.object({ action_id: z.string(), block_id: id, value: id, selected_option: option.nullish() })).min(1),
  message: z.object({ ts: id }).optional(),
  channel: z.object({ id }).optional(),
  view: z.object({ id, callback_id: id, private_metadata: id, hash: id, state: state.optional() }).optional(),
});
const view = z.object({
  type: z.enum(['view_submission', 'view_closed']),
  user,
  view: z.object({ id: z.string(), callback_id: z.string(), private_metadata: id, hash: id, state }),
});
const command = z.object({ command: z.string(), text: z.string(), user_id: z.string(), channel_id: z.string(), trigger_id: z.string() });
const event = z.object({ event: z.object({ type: z.string(), user: z.union([z.string(), z.object({})]).optional(), channel: z.union([z.string(), z.object({})]).optional() }) });

/** The kind Bolt takes the body for: the same tests in the same order as Bolt's. */
function schemaFor(body: Record<string, unknown>) {
  if (body.event !== undefined) return event;
  if (body.command !== undefined) return command;
  if (body.name !== undefined || body.type === 'block_suggestion') return undefined;
  if (body.actions !== undefined || body.type === 'dialog_submission') return action;
  if (body.type === 'view_submission' || body.type === 'view_closed') return view;
  return undefined; // options, shortcuts, dialogs: this app registers none
}

export const payloadShape: Middleware<AnyMiddlewareArgs> = async ({ body, next }) => {
  const schema = schemaFor(body as Record<string, unknown>);
  if (schema && !schema.safeParse(body).success) {
    if ((body as { event?: unknown }).event !== undefined) return; // acknowledged already: dropped
    throw new MalformedPayload();
  }
  await next();
};
