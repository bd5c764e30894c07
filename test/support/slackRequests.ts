/**
 * Send requests to the app exactly as Slack does: signed with the signing secret
 * (v0 HMAC-SHA256 over `v0:{timestamp}:{rawBody}`), slash commands and interactivity
 * form-encoded, Events API as JSON envelopes. Plus builders for interactivity
 * payloads and `state.values` entries shaped like Slack's.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface SlackResponse {
  status: number;
  /** Parsed JSON if the body is JSON, otherwise the text ('' for an empty ack). */
  body: unknown;
  text: string;
  headers: Headers;
}

export interface SignOptions {
  /** Unix seconds to put in X-Slack-Request-Timestamp (and sign with). Default: now. */
  timestamp?: number;
  /** Send this X-Slack-Signature instead of the correct one. */
  signature?: string;
  /** Extra headers. */
  headers?: Record<string, string>;
}

export interface EventOptions extends SignOptions {
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
  teamId?: string;
  isExtSharedChannel?: boolean;
  /** Extra envelope fields (override defaults). */
  envelope?: Record<string, unknown>;
}

export interface CommandParams {
  command?: string;
  text?: string;
  user_id: string;
  channel_id: string;
  team_id?: string;
  team_domain?: string;
  channel_name?: string;
  user_name?: string;
  api_app_id?: string;
  is_enterprise_install?: boolean;
  enterprise_id?: string;
  enterprise_name?: string;
  response_url?: string;
  trigger_id?: string;
  token?: string;
  [key: string]: string | boolean | undefined;
}

export interface SenderOptions {
  /** The app's POST /slack/events URL. */
  url: string;
  signingSecret: string;
  /** Host workspace (default 'THOST'). */
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  /** Legacy verification token put in bodies (Bolt ignores it). */
  verificationToken?: string;
  /** Produces response_url values; pass `() => fake.responseUrl()` to keep them local. */
  responseUrl?: () => string;
}

export interface SlackSender {
  command(params: CommandParams, opts?: SignOptions): Promise<SlackResponse>;
  interactive(payload: object, opts?: SignOptions): Promise<SlackResponse>;
  event(event: object, opts?: EventOptions): Promise<SlackResponse>;
  urlVerification(challenge: string, opts?: SignOptions): Promise<SlackResponse>;
  raw(body: string, contentType: string, opts?: SignOptions): Promise<SlackResponse>;
}

export const DEFAULT_TEAM_ID = 'THOST';
export const DEFAULT_TEAM_DOMAIN = 'host';
export const DEFAULT_API_APP_ID = 'AAPP';
export const DEFAULT_VERIFICATION_TOKEN = 'xyzz0WbapA4vBCDEFasx0q6G';

let triggerCounter = 0;
/** A unique trigger id shaped like Slack's ('398738663015.47445629121.803a0bc8…'). */
export function newTriggerId(): string {
  triggerCounter += 1;
  return `${398_738_663_015 + triggerCounter}.47445629121.${randomBytes(16).toString('hex')}`;
}

let eventCounter = 0;
export function newEventId(): string {
  eventCounter += 1;
  return `Ev${Date.now().toString(36).toUpperCase()}${String(eventCounter).padStart(4, '0')}`;
}

let actionTsCounter = 0;
function newActionTs(): string {
  actionTsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(actionTsCounter).padStart(6, '0')}`;
}

/** `v0=` + hex HMAC-SHA256(secret, `v0:${timestamp}:${body}`) */
export function signSlackRequest(signingSecret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function createSlackSender(options: SenderOptions): SlackSender {
  const teamId = options.teamId ?? DEFAULT_TEAM_ID;
  const teamDomain = options.teamDomain ?? DEFAULT_TEAM_DOMAIN;
  const apiAppId = options.apiAppId ?? DEFAULT_API_APP_ID;
  const token = options.verificationToken ?? DEFAULT_VERIFICATION_TOKEN;
  const responseUrl =
    options.responseUrl ??
    (() => `https://hooks.slack.com/commands/${teamId}/${Date.now()}/${randomBytes(12).toString('base64url')}`);

  async function raw(body: string, contentType: string, opts: SignOptions = {}): Promise<SlackResponse> {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = opts.signature ?? signSlackRequest(options.signingSecret, timestamp, body);
    const res = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...(opts.headers ?? {}),
      },
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  const form = (fields: Record<string, string | boolean | undefined>): string => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) params.append(k, String(v));
    return params.toString();
  };

  return {
    raw,
    command(params, opts) {
      const {
        command = '/tt02',
        text = '',
        user_id,
        channel_id,
        team_id = teamId,
        team_domain = teamDomain,
        channel_name = channel_id.startsWith('D') ? 'directmessage' : channel_id.toLowerCase(),
        user_name = user_id.toLowerCase(),
        api_app_id = apiAppId,
        is_enterprise_install = false,
        response_url = responseUrl(),
        trigger_id = newTriggerId(),
        token: tok = token,
        enterprise_id,
        enterprise_name,
        ...rest
      } = params;
      const body = form({
        token: tok,
        team_id,
        team_domain,
        ...(enterprise_id !== undefined ? { enterprise_id, enterprise_name } : {}),
        channel_id,
        channel_name,
        user_id,
        user_name,
        command,
        text,
        api_app_id,
        is_enterprise_install,
        response_url,
        trigger_id,
        ...rest,
      });
      return raw(body, 'application/x-www-form-urlencoded', opts);
    },
    interactive(payload, opts) {
      return raw(form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded', opts);
    },
    event(event, opts = {}) {
      const ev = event as Record<string, unknown>;
      const eventTime = Math.floor(Date.now() / 1000);
      const team = opts.teamId ?? teamId;
      const envelope = {
        token,
        team_id: team,
        context_team_id: team,
        context_enterprise_id: null,
        api_app_id: apiAppId,
        event: { event_ts: `${eventTime}.000100`, ...ev },
        type: 'event_callback',
        event_id: opts.eventId ?? newEventId(),
        event_time: eventTime,
        authorizations: [{ enterprise_id: null, team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: opts.isExtSharedChannel ?? false,
        event_context: `4-${randomBytes(24).toString('base64url')}`,
        ...(opts.envelope ?? {}),
      };
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.retryNum !== undefined) headers['x-slack-retry-num'] = String(opts.retryNum);
      if (opts.retryReason !== undefined) headers['x-slack-retry-reason'] = opts.retryReason;
      return raw(JSON.stringify(envelope), 'application/json', { ...opts, headers });
    },
    urlVerification(challenge, opts) {
      return raw(JSON.stringify({ token, challenge, type: 'url_verification' }), 'application/json', opts);
    },
  };
}

// ---------------------------------------------------------------------------
// Payload builders
// ---------------------------------------------------------------------------

export type UserRef = string | { id: string; username?: string; name?: string; team_id?: string };
export type ChannelRef = string | { id: string; name?: string };
export type TeamRef = string | { id: string; domain?: string; enterprise_id?: string; enterprise_name?: string };

function user(u: UserRef, defaultTeam: string): { id: string; username: string; name: string; team_id: string } {
  const o = typeof u === 'string' ? { id: u } : u;
  const name = o.username ?? o.name ?? o.id.toLowerCase();
  return { id: o.id, username: name, name: o.name ?? name, team_id: o.team_id ?? defaultTeam };
}

function team(t: TeamRef | undefined): Record<string, unknown> {
  if (t === undefined) return { id: DEFAULT_TEAM_ID, domain: DEFAULT_TEAM_DOMAIN };
  if (typeof t === 'string') return { id: t, domain: t.toLowerCase() };
  return { domain: t.id.toLowerCase(), ...t };
}

function channel(c: ChannelRef): { id: string; name: string } {
  const o = typeof c === 'string' ? { id: c } : c;
  return { id: o.id, name: o.name ?? (o.id.startsWith('D') ? 'directmessage' : o.id.toLowerCase()) };
}

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

export interface ViewInput {
  id: string;
  hash?: string;
  callback_id: string;
  private_metadata?: string;
  state?: { values: StateValues };
  type?: 'modal' | 'home';
  external_id?: string;
  root_view_id?: string;
  previous_view_id?: string | null;
  blocks?: unknown[];
  title?: unknown;
  team_id?: string;
  [key: string]: unknown;
}

/** A full `view` object as Slack puts it into interactivity payloads. */
export function buildView(v: ViewInput): Record<string, unknown> {
  const teamId = v.team_id ?? DEFAULT_TEAM_ID;
  return {
    type: 'modal',
    blocks: [],
    title: { type: 'plain_text', text: 'TT02', emoji: true },
    close: { type: 'plain_text', text: 'Cancel', emoji: true },
    submit: { type: 'plain_text', text: 'Submit', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    external_id: '',
    app_id: DEFAULT_API_APP_ID,
    bot_id: 'BBOT',
    ...v,
    team_id: teamId,
    private_metadata: v.private_metadata ?? '',
    hash: v.hash ?? '1700000000.h000000',
    state: v.state ?? { values: {} },
    app_installed_team_id: teamId,
    root_view_id: v.root_view_id ?? v.id,
    previous_view_id: v.previous_view_id ?? null,
  };
}

export interface MessageInput {
  ts: string;
  text?: string;
  blocks?: unknown[];
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  metadata?: unknown;
  [key: string]: unknown;
}

export interface ActionInput {
  action_id: string;
  block_id?: string;
  value?: string;
  type?: string;
  selected_option?: { value: string; text?: unknown } | null;
  selected_options?: unknown[];
  text?: unknown;
  action_ts?: string;
  [key: string]: unknown;
}

export interface BlockActionInput {
  user: UserRef;
  channel?: ChannelRef;
  message?: MessageInput;
  /** For actions inside a modal / home tab. */
  view?: ViewInput;
  action: ActionInput;
  trigger_id?: string;
  team?: TeamRef;
  response_url?: string;
  is_ephemeral?: boolean;
}

export function blockActionPayload(input: BlockActionInput): Record<string, unknown> {
  const t = team(input.team);
  const u = user(input.user, String(t.id));
  const a = input.action;
  const type = a.type ?? (a.selected_option !== undefined ? 'static_select' : 'button');
  const action: Record<string, unknown> = {
    block_id: a.block_id ?? `b_${a.action_id}`,
    ...a,
    type,
    action_ts: a.action_ts ?? newActionTs(),
  };
  if (type === 'button' && action.text === undefined) {
    action.text = { type: 'plain_text', text: a.value ?? a.action_id, emoji: true };
  }
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: u,
    api_app_id: DEFAULT_API_APP_ID,
    token: DEFAULT_VERIFICATION_TOKEN,
    trigger_id: input.trigger_id ?? newTriggerId(),
    team: t,
    enterprise: null,
    is_enterprise_install: false,
    actions: [action],
  };
  if (input.view) {
    const view = buildView(input.view);
    payload.container = { type: 'view', view_id: input.view.id };
    payload.view = view;
    payload.state = view.state;
  } else {
    const ch = input.channel ? channel(input.channel) : undefined;
    if (input.message) {
      payload.container = {
        type: 'message',
        message_ts: input.message.ts,
        channel_id: ch?.id,
        is_ephemeral: input.is_ephemeral ?? false,
      };
      if (!input.is_ephemeral) {
        payload.message = {
          type: 'message',
          user: 'UBOT',
          bot_id: 'BBOT',
          app_id: DEFAULT_API_APP_ID,
          team: t.id,
          text: '',
          ...input.message,
        };
      }
    }
    if (ch) payload.channel = ch;
    payload.state = { values: {} };
    payload.response_url =
      input.response_url ?? `https://hooks.slack.com/actions/${String(t.id)}/${Date.now()}/${randomBytes(12).toString('base64url')}`;
  }
  return payload;
}

export interface ViewPayloadInput {
  user: UserRef;
  view: ViewInput;
  team?: TeamRef;
  trigger_id?: string;
  response_urls?: unknown[];
}

export function viewSubmissionPayload(input: ViewPayloadInput): Record<string, unknown> {
  const t = team(input.team);
  return {
    type: 'view_submission',
    team: t,
    user: user(input.user, String(t.id)),
    api_app_id: DEFAULT_API_APP_ID,
    token: DEFAULT_VERIFICATION_TOKEN,
    trigger_id: input.trigger_id ?? newTriggerId(),
    view: buildView(input.view),
    response_urls: input.response_urls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewClosedPayload(input: ViewPayloadInput & { is_cleared?: boolean }): Record<string, unknown> {
  const t = team(input.team);
  return {
    type: 'view_closed',
    team: t,
    user: user(input.user, String(t.id)),
    api_app_id: DEFAULT_API_APP_ID,
    token: DEFAULT_VERIFICATION_TOKEN,
    view: buildView(input.view),
    is_cleared: input.is_cleared ?? false,
    is_enterprise_install: false,
    enterprise: null,
  };
}

// ---------------------------------------------------------------------------
// state.values entries: state.values[block_id][action_id] = one of these
// ---------------------------------------------------------------------------

const option = (value: string): { value: string; text: { type: 'plain_text'; text: string; emoji: boolean } } => ({
  value,
  text: { type: 'plain_text', text: value, emoji: true },
});

/** Slack sends `value: null` for an untouched/empty plain_text_input. */
export function plainInput(value: string | null | undefined): { type: 'plain_text_input'; value: string | null } {
  return { type: 'plain_text_input', value: value ?? null };
}

export function emailInput(value: string | null | undefined): { type: 'email_text_input'; value: string | null } {
  return { type: 'email_text_input', value: value ?? null };
}

export function numberInput(value: string | null | undefined): { type: 'number_input'; value: string | null } {
  return { type: 'number_input', value: value ?? null };
}

export function radio(value: string | null | undefined): { type: 'radio_buttons'; selected_option: ReturnType<typeof option> | null } {
  return { type: 'radio_buttons', selected_option: value == null ? null : option(value) };
}

export function checkboxes(values: string[]): { type: 'checkboxes'; selected_options: ReturnType<typeof option>[] } {
  return { type: 'checkboxes', selected_options: values.map(option) };
}

export function staticSelect(value: string | null | undefined): { type: 'static_select'; selected_option: ReturnType<typeof option> | null } {
  return { type: 'static_select', selected_option: value == null ? null : option(value) };
}
