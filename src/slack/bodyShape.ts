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
/**
 * The checks are small functions rather than zod schemas, and that is measured: every signed request
 * passes here, and in the running app (under `npm run bench`) zod's check of an intake submission
 * took 23–27 µs, most of it the garbage its output objects make, about 7 % of all the work behind an
 * invalid submission. These allocate nothing unless a check fails. A check returns undefined when the
 * value passes, else where it failed: '' for the value itself, or a path below it.
 */
type Check = (value: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const below = (key: string | number, problem: string) => (problem === '' ? String(key) : `${key}.${problem}`);

const string: Check = (v) => (typeof v === 'string' ? undefined : '');
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? undefined : check(v);
const nullish =
  (check: Check): Check =>
  (v) =>
    v === undefined || v === null ? undefined : check(v);
const oneOf =
  (...checks: Check[]): Check =>
  (v) =>
    checks.some((c) => c(v) === undefined) ? undefined : '';
/** An object with these fields; other fields are not looked at. */
function object(fields: Record<string, Check>): Check {
  const entries = Object.entries(fields);
  return (v) => {
    if (!isObject(v)) return '';
    for (const [key, check] of entries) {
      const problem = check(v[key]);
      if (problem !== undefined) return below(key, problem);
    }
    return undefined;
  };
}
const arrayOf =
  (check: Check, min = 0): Check =>
  (v) => {
    if (!Array.isArray(v) || v.length < min) return '';
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i]);
      if (problem !== undefined) return below(i, problem);
    }
    return undefined;
  };
/** An object whose every value passes `check` (`state.values`: block id → action id → state). */
const recordOf =
  (check: Check): Check =>
  (v) => {
    if (!isObject(v)) return '';
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      const problem = check(v[key]);
      if (problem !== undefined) return below(key, problem);
    }
    return undefined;
  };

const anyObject = object({});
const id = optional(string);

/** Fields every kind may carry that Bolt dereferences. */
const common = {
  response_url: optional(string),
  response_urls: optional(arrayOf(object({ response_url: string }))),
  action_id: id,
  callback_id: id,
};

const option = object({ value: string });
/** An input's state as Slack sends it: text inputs carry a string (or null), selects their options. */
const inputState = object({
  type: string,
  value: nullish(string),
  selected_option: nullish(option),
  selected_options: optional(arrayOf(option)),
});
const state = object({ values: recordOf(recordOf(inputState)) });
const orgRef = nullish(object({ id }));

/** block_actions, options, shortcuts and views: Bolt reads `body.user.id`, the team's and channel's `id`. */
const interactive = {
  ...common,
  user: object({ id: string, team_id: id }),
  team: orgRef,
  enterprise: orgRef,
  channel: optional(object({ id })),
  state: optional(state),
};

const eventBody = object({
  ...common,
  event: object({
    type: string,
    channel: optional(oneOf(string, anyObject)),
    channel_id: id,
    user: optional(oneOf(string, anyObject)),
    item: optional(anyObject),
    subteam: optional(anyObject),
  }),
  authorizations: optional(arrayOf(anyObject)),
});

/**
 * Slash commands come form-encoded: every field is one string (a repeated field would be an array),
 * and Slack always sends these, `text` empty when nothing was typed.
 */
const commandBody: Check = (v) =>
  recordOf(string)(v) ?? object({ command: string, text: string, user_id: string, channel_id: string, trigger_id: string })(v);

const actionBody = object({
  ...interactive,
  actions: optional(arrayOf(object({ action_id: string, block_id: id, value: id, selected_option: nullish(option) }), 1)),
  message: optional(object({ ts: id })),
  container: optional(anyObject),
  view: optional(object({ id, callback_id: id, private_metadata: id, hash: id, state: optional(state) })),
});

const viewBody = object({
  ...interactive,
  view: object({
    id: string,
    callback_id: string,
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

const checks: Record<Kind, Check> = {
  event: eventBody,
  command: commandBody,
  options: object(interactive),
  action: actionBody,
  shortcut: object(interactive),
  view: viewBody,
};

/**
 * Workspace and enterprise IDs, wherever Bolt may take them from. Bolt keeps one WebClient pool per
 * team in a plain object keyed by the ID, so a team "toString" finds a function there and throws
 * (found by the fuzzer). Slack's IDs are upper-case letters and digits (T…, E…): nothing real is refused.
 */
const SLACK_ORG_ID = /^[A-Z0-9]{1,64}$/;
const at = (o: unknown, k: string): unknown => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined);
const notOrgId = (v: unknown) => typeof v === 'string' && v !== '' && !SLACK_ORG_ID.test(v);
/** Where Bolt looks, besides each of `authorizations`' `team_id` and `enterprise_id`. */
const ORG_ID_FIELDS: [string, (b: Record<string, unknown>) => unknown][] = [
  ['team_id', (b) => b.team_id],
  ['enterprise_id', (b) => b.enterprise_id],
  ['team.id', (b) => at(b.team, 'id')],
  ['enterprise.id', (b) => at(b.enterprise, 'id')],
  ['user.team_id', (b) => at(b.user, 'team_id')],
  ['view.app_installed_team_id', (b) => at(b.view, 'app_installed_team_id')],
  ['event.team', (b) => at(b.event, 'team')],
];
function orgIdProblem(b: Record<string, unknown>): string | undefined {
  for (const [field, read] of ORG_ID_FIELDS) if (notOrgId(read(b))) return `${field}: not a Slack ID`;
  const auths = Array.isArray(b.authorizations) ? b.authorizations : [];
  for (let i = 0; i < auths.length; i++) {
    for (const field of ['team_id', 'enterprise_id']) if (notOrgId(at(auths[i], field))) return `authorizations.${i}.${field}: not a Slack ID`;
  }
  return undefined;
}

export type BodyCheck = { ok: true; body: Record<string, unknown> } | { ok: false; problem: string };

/**
 * Whether Bolt can process this parsed body. The problem names the field (a path), never a value.
 * The body itself is handed on unchanged.
 */
export function checkBodyShape(body: unknown): BodyCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problem: `not an object (${body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body})` };
  const b = body as Record<string, unknown>;
  const kind = kindOf(b);
  if (!kind) return { ok: false, problem: 'no kind Bolt can route (event, command, actions, view, …)' };
  const problem = checks[kind](b);
  if (problem !== undefined) return { ok: false, problem: `${kind}: ${problem || '(body)'}: missing or of the wrong type` };
  const orgProblem = orgIdProblem(b);
  if (orgProblem) return { ok: false, problem: `${kind}: ${orgProblem}` };
  return { ok: true, body: b };
}
