import { z } from 'zod';

/**
 * The shape Bolt (v5) needs before it reaches any listener. Bolt's routing reads fields of a parsed
 * body without checking them (`body.view.callback_id`, `body.user.id`, `'channel' in event`,
 * `payload.action_id.match(…)`, `body.response_urls[0]`, …): a signed body where one is missing or
 * mistyped makes it throw — outside any handler for a body that is not an object. Slack always sends
 * these fields with these types, so requiring them refuses nothing real. Beyond Bolt's needs, the
 * Slack-typed fields listeners read (ids, `state.values`, an action's value) are checked the same way:
 * a mistyped one is a 400 here, not an exception in a listener. Listeners still parse their content. Mirror of `getTypeAndConversation` and `buildSource` in
 * @slack/bolt/dist; re-check it when upgrading Bolt (test/slack/edge.test.ts fuzzes it).
 */
const record = z.looseObject({});
const id = z.string().optional();

/** Fields every kind may carry that Bolt dereferences. */
const common = {
  response_url: z.string().optional(),
  response_urls: z.array(z.looseObject({ response_url: z.string() })).optional(),
  action_id: id,
  callback_id: id,
};

const option = z.looseObject({ value: z.string() });
/** An input's state as Slack sends it: text inputs carry a string (or null), selects their options. */
const inputState = z.looseObject({
  type: z.string(),
  value: z.string().nullable().optional(),
  selected_option: option.nullable().optional(),
  selected_options: z.array(option).optional(),
});
const state = z.looseObject({ values: z.record(z.string(), z.record(z.string(), inputState)) });
const orgRef = z.looseObject({ id }).nullable().optional();

/** block_actions, options, shortcuts and views: Bolt reads `body.user.id`, the team's and channel's `id`. */
const interactive = {
  ...common,
  user: z.looseObject({ id: z.string(), team_id: id }),
  team: orgRef,
  enterprise: orgRef,
  channel: z.looseObject({ id }).optional(),
  state: state.optional(),
};

const eventBody = z.looseObject({
  ...common,
  event: z.looseObject({
    type: z.string(),
    channel: z.union([z.string(), record]).optional(),
    channel_id: id,
    user: z.union([z.string(), record]).optional(),
    item: record.optional(),
    subteam: record.optional(),
  }),
  authorizations: z.array(record).optional(),
});

/**
 * Slash commands come form-encoded: every field is one string (a repeated field would be an array),
 * and Slack always sends these, `text` empty when nothing was typed.
 */
const commandBody = z.record(z.string(), z.string()).and(
  z.object({ command: z.string(), text: z.string(), user_id: z.string(), channel_id: z.string(), trigger_id: z.string() }),
);

const actionBody = z.looseObject({
  ...interactive,
  actions: z
    .array(z.looseObject({ action_id: z.string(), block_id: id, value: id, selected_option: option.nullable().optional() }))
    .min(1)
    .optional(),
  message: z.looseObject({ ts: id }).optional(),
  container: record.optional(),
  view: z.looseObject({ id, callback_id: id, private_metadata: id, hash: id, state: state.optional() }).optional(),
});

const viewBody = z.looseObject({
  ...interactive,
  view: z.looseObject({
    id: z.string(),
    callback_id: z.string(),
    private_metadata: id,
    hash: id,
    app_installed_team_id: id,
    state, // Slack always sends it, `{ values: {} }` for a modal without inputs
  }),
});

type Kind = 'event' | 'command' | 'options' | 'action' | 'shortcut' | 'view';

/** The kind Bolt will take the body for: the same tests in the same order as Bolt's. */
function kindOf(body: Record<string, unknown>): Kind | undefined {
  if (body.event !== undefined) return 'event';
  if (body.command !== undefined) return 'command';
  if (body.name !== undefined || body.type === 'block_suggestion') return 'options';
  if (body.actions !== undefined || body.type === 'dialog_submission') return 'action';
  if (body.type === 'shortcut' || body.type === 'message_action') return 'shortcut';
  if (body.type === 'view_submission' || body.type === 'view_closed') return 'view';
  return undefined;
}

const schemas = {
  event: eventBody,
  command: commandBody,
  options: z.looseObject(interactive),
  action: actionBody,
  shortcut: z.looseObject(interactive),
  view: viewBody,
} satisfies Record<Kind, z.ZodType>;

/**
 * Workspace and enterprise IDs, wherever Bolt may take them from. Bolt keeps one WebClient pool per
 * team in a plain object keyed by the ID, so a team "toString" finds a function there and throws
 * (found by the fuzzer). Slack's IDs are upper-case letters and digits (T…, E…): nothing real is refused.
 */
const SLACK_ORG_ID = /^[A-Z0-9]{1,64}$/;
function orgIdProblem(b: Record<string, unknown>): string | undefined {
  const at = (o: unknown, k: string): unknown => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined);
  const auths = Array.isArray(b.authorizations) ? b.authorizations : [];
  const candidates: [string, unknown][] = [
    ['team_id', b.team_id],
    ['enterprise_id', b.enterprise_id],
    ['team.id', at(b.team, 'id')],
    ['enterprise.id', at(b.enterprise, 'id')],
    ['user.team_id', at(b.user, 'team_id')],
    ['view.app_installed_team_id', at(b.view, 'app_installed_team_id')],
    ['event.team', at(b.event, 'team')],
    ...auths.flatMap((a, i): [string, unknown][] => [
      [`authorizations.${i}.team_id`, at(a, 'team_id')],
      [`authorizations.${i}.enterprise_id`, at(a, 'enterprise_id')],
    ]),
  ];
  const bad = candidates.find(([, v]) => typeof v === 'string' && v !== '' && !SLACK_ORG_ID.test(v));
  return bad ? `${bad[0]}: not a Slack ID` : undefined;
}

export type BodyCheck = { ok: true; body: Record<string, unknown> } | { ok: false; problem: string };

/**
 * Whether Bolt can process this parsed body. The problem names the field (a path), never a value.
 * The body itself is handed on unchanged (zod only checks here; it does not strip or transform).
 */
export function checkBodyShape(body: unknown): BodyCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problem: `not an object (${body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body})` };
  const b = body as Record<string, unknown>;
  const kind = kindOf(b);
  if (!kind) return { ok: false, problem: 'no kind Bolt can route (event, command, actions, view, …)' };
  const parsed = schemas[kind].safeParse(b);
  const orgProblem = parsed.success ? orgIdProblem(b) : undefined;
  if (orgProblem) return { ok: false, problem: `${kind}: ${orgProblem}` };
  if (parsed.success) return { ok: true, body: b };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `${kind}: ${issue ? `${issue.path.join('.') || '(body)'}: ${issue.code}` : 'invalid'}` };
}
