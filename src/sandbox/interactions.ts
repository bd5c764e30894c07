import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BOT, CHANNELS, HOST_TEAM, USERS, dmOf, dmUser, type PersonaKey, type SandboxUser } from './cast.js';
import { applySubmissionAck } from './submissionAck.js';
import type { Json, Workspace } from './workspace.js';

/**
 * Turns what a person does on the sandbox page into requests to the app's POST /slack/events,
 * shaped and signed exactly as Slack sends them, and applies the app's answers (field errors,
 * view updates) as Slack would. Slack gives the app 3 s; so does the sandbox.
 */
const ACK_DEADLINE_MS = 3000;

/** What the page sends (parsed: the page is a boundary too). */
const actionSchema = z.object({
  action_id: z.string().max(255),
  block_id: z.string().max(255),
  type: z.string().max(40),
  value: z.string().max(2000).optional(),
  text: z.unknown().optional(),
  selected_option: z.unknown().optional(),
  selected_options: z.array(z.unknown()).optional(),
  selected_user: z.string().optional(),
});
const valuesSchema = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())));
export const pageActSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message_action'),
    as: z.enum(['vendor', 'staff', 'colleague']),
    channel: z.string(),
    ts: z.string(),
    ephemeralId: z.string().optional(),
    action: actionSchema,
  }),
  z.object({ kind: z.literal('view_action'), as: z.enum(['vendor', 'staff', 'colleague']), viewId: z.string(), values: valuesSchema, action: actionSchema }),
  z.object({ kind: z.literal('submit'), as: z.enum(['vendor', 'staff', 'colleague']), viewId: z.string(), values: valuesSchema }),
  z.object({ kind: z.literal('close'), as: z.enum(['vendor', 'staff', 'colleague']), viewId: z.string(), values: valuesSchema }),
  z.object({ kind: z.literal('message'), as: z.enum(['vendor', 'staff', 'colleague']), channel: z.string(), text: z.string().min(1).max(4000), threadTs: z.string().optional() }),
  z.object({ kind: z.literal('home_opened'), as: z.enum(['vendor', 'staff', 'colleague']) }),
]);
export type PageAct = z.infer<typeof pageActSchema>;

export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface InteractionOptions {
  eventsUrl: () => string;
  signingSecret: string;
  responseUrl: (channel: string, userId: string) => string;
  channelName: (id: string) => string;
}

const userRef = (u: SandboxUser) => ({ id: u.id, username: u.name, name: u.name, team_id: u.teamId });
const team = { id: HOST_TEAM.id, domain: HOST_TEAM.domain };

export function createInteractions(ws: Workspace, o: InteractionOptions) {
  async function post(body: string, contentType: string, extraHeaders: Record<string, string> = {}): Promise<{ status: number; text: string } | { error: string }> {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const res = await fetch(o.eventsUrl(), {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signSlackRequest(o.signingSecret, timestamp, body),
          'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
          ...extraHeaders,
        },
        body,
        signal: AbortSignal.timeout(ACK_DEADLINE_MS),
      });
      return { status: res.status, text: await res.text() };
    } catch (err) {
      return { error: (err as Error).name === 'TimeoutError' ? 'operation_timeout' : `app unreachable: ${(err as Error).message}` };
    }
  }

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const interactive = (payload: Json) => post(form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');

  /** The app must answer 200 within 3 s, or Slack shows the user an error. */
  function acked(what: string, r: Awaited<ReturnType<typeof post>>): r is { status: number; text: string } {
    if ('error' in r) {
      ws.note(what, false, r.error === 'operation_timeout' ? 'operation_timeout: the app did not answer within 3 s' : r.error);
      return false;
    }
    if (r.status !== 200) {
      ws.note(what, false, `the app answered HTTP ${r.status}`);
      return false;
    }
    return true;
  }

  function viewForPayload(viewId: string, values: Json): Json | null {
    const v = ws.views.get(viewId);
    if (!v) return null;
    return {
      ...v.view,
      id: v.id,
      team_id: HOST_TEAM.id,
      type: v.type,
      callback_id: v.view.callback_id ?? '',
      private_metadata: v.view.private_metadata ?? '',
      external_id: v.view.external_id ?? '',
      hash: v.hash,
      state: { values },
      clear_on_close: false,
      notify_on_close: v.view.notify_on_close ?? false,
      app_id: BOT.appId,
      bot_id: BOT.botId,
      app_installed_team_id: HOST_TEAM.id,
      root_view_id: v.rootId,
      previous_view_id: v.previousId,
    };
  }

  async function act(input: PageAct): Promise<void> {
    const user = USERS[input.as as PersonaKey];
    switch (input.kind) {
      case 'message_action': {
        const eph = input.ephemeralId ? ws.ephemerals.find((e) => e.id === input.ephemeralId) : undefined;
        const msg = eph ? undefined : ws.message(input.channel, input.ts);
        if (!eph && !msg) return void ws.note('block_actions', false, 'message is gone');
        const payload: Json = {
          type: 'block_actions',
          user: userRef(user),
          api_app_id: BOT.appId,
          token: 'sandbox-verification-token',
          container: { type: 'message', message_ts: input.ts, channel_id: input.channel, is_ephemeral: !!eph },
          trigger_id: ws.mintTrigger(user.id),
          team,
          enterprise: null,
          is_enterprise_install: false,
          channel: { id: input.channel, name: o.channelName(input.channel) },
          state: { values: {} },
          response_url: o.responseUrl(input.channel, user.id),
          actions: [{ ...input.action, action_ts: `${Date.now() / 1000}` }],
        };
        if (msg) {
          payload.message = {
            type: 'message',
            user: msg.user,
            ...(msg.botId ? { bot_id: msg.botId, app_id: BOT.appId } : {}),
            team: HOST_TEAM.id,
            ts: msg.ts,
            text: msg.text,
            ...(msg.blocks ? { blocks: msg.blocks } : {}),
            ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
            ...(msg.metadata ? { metadata: msg.metadata } : {}),
          };
        }
        acked('block_actions', await interactive(payload));
        break;
      }
      case 'view_action': {
        const view = viewForPayload(input.viewId, input.values);
        if (!view) return void ws.note('block_actions', false, 'view is gone');
        const payload: Json = {
          type: 'block_actions',
          user: userRef(user),
          api_app_id: BOT.appId,
          token: 'sandbox-verification-token',
          container: { type: 'view', view_id: input.viewId },
          trigger_id: ws.mintTrigger(user.id),
          team,
          enterprise: null,
          is_enterprise_install: false,
          view,
          state: { values: input.values },
          actions: [{ ...input.action, action_ts: `${Date.now() / 1000}` }],
        };
        acked('block_actions', await interactive(payload));
        break;
      }
      case 'submit': {
        const view = viewForPayload(input.viewId, input.values);
        if (!view) return void ws.note('view_submission', false, 'view is gone');
        const payload: Json = {
          type: 'view_submission',
          team,
          user: userRef(user),
          api_app_id: BOT.appId,
          token: 'sandbox-verification-token',
          trigger_id: ws.mintTrigger(user.id),
          view,
          response_urls: [],
          is_enterprise_install: false,
          enterprise: null,
        };
        const r = await interactive(payload);
        if (acked('view_submission', r)) applySubmissionAck(ws, user.id, input.viewId, r.text);
        break;
      }
      case 'close': {
        const stored = ws.views.get(input.viewId);
        const view = viewForPayload(input.viewId, input.values);
        ws.closeView(user.id, input.viewId);
        // Slack tells the app only when the view asked for it.
        if (stored && view && stored.view.notify_on_close === true) {
          acked('view_closed', await interactive({ type: 'view_closed', team, user: userRef(user), api_app_id: BOT.appId, view, is_cleared: false }));
        }
        break;
      }
      case 'message':
        await message(user, input.channel, input.text, input.threadTs);
        break;
      case 'home_opened': {
        // Slack sends this each time the person opens the tab, with the view it shows (if any).
        const home = ws.homeOf(user.id);
        const view = home ? viewForPayload(home.id, {}) : null;
        await event({ type: 'app_home_opened', user: user.id, channel: dmOf(user.id), tab: 'home', ...(view ? { view } : {}) });
        break;
      }
    }
    ws.changed();
  }

  /** A line typed in the composer: a slash command, or a message (an @-mention tells the app). */
  async function message(user: SandboxUser, channel: string, text: string, threadTs?: string): Promise<void> {
    const command = /^(\/[\w-]+)\s*([\s\S]*)$/.exec(text.trim());
    if (command) {
      const [, name = '', rest = ''] = command;
      if (name !== '/tt02-access') {
        ws.ephemerals.push({ id: ws.nextId('E'), channel, user: user.id, text: `${name} is not a valid command. In Slack, this app has /tt02-access.`, ts: ws.nextTs() });
        return;
      }
      const body = form({
        token: 'sandbox-verification-token',
        team_id: HOST_TEAM.id,
        team_domain: HOST_TEAM.domain,
        channel_id: channel,
        channel_name: o.channelName(channel),
        user_id: user.id,
        user_name: user.name,
        command: name,
        text: rest,
        api_app_id: BOT.appId,
        is_enterprise_install: 'false',
        response_url: o.responseUrl(channel, user.id),
        trigger_id: ws.mintTrigger(user.id),
      });
      const r = await post(body, 'application/x-www-form-urlencoded');
      if (!acked('slash command', r)) return;
      let reply = r.text.trim();
      let blocks: unknown[] | undefined;
      try {
        const parsed = reply ? (JSON.parse(reply) as Json) : {};
        reply = typeof parsed.text === 'string' ? parsed.text : '';
        // Slack shows an answer's blocks when it has them; its text is then only the notification.
        if (Array.isArray(parsed.blocks) && parsed.blocks.length > 0) blocks = parsed.blocks;
      } catch {
        // A plain-text acknowledgement is shown as it is.
      }
      if (reply || blocks) ws.ephemerals.push({ id: ws.nextId('E'), channel, user: user.id, text: reply, ...(blocks ? { blocks } : {}), ts: ws.nextTs() });
      return;
    }
    const ts = ws.nextTs();
    ws.putMessage({ channel, ts, user: user.id, text, ...(threadTs ? { threadTs } : {}) });
    ws.changed();
    // Every message reaches the app as a `message` event (it is in the channel); a mention also as `app_mention`.
    const where = { channel, ...(threadTs ? { thread_ts: threadTs } : {}) };
    const ch = CHANNELS.find((c) => c.id === channel);
    const channelType = dmUser(channel) ? 'im' : ch?.isPrivate ? 'group' : 'channel';
    await event({ type: 'message', user: user.id, text, ts, ...where, channel_type: channelType, team: user.teamId, user_team: user.teamId, source_team: user.teamId, blocks: richText(text) });
    if (text.includes(`<@${BOT.userId}>`) || /@tt02/i.test(text)) {
      await event({ type: 'app_mention', user: user.id, text, ts, ...where });
    }
  }

  /** The rich_text block Slack's own composer attaches to what a person types. */
  function richText(text: string): Json[] {
    return [{ type: 'rich_text', block_id: randomBytes(3).toString('base64url'), elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }] }];
  }

  /** An Events API callback, as Slack delivers it. */
  async function event(ev: Json): Promise<boolean> {
    const now = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      token: 'sandbox-verification-token',
      team_id: HOST_TEAM.id,
      context_team_id: HOST_TEAM.id,
      context_enterprise_id: null,
      api_app_id: BOT.appId,
      event: { event_ts: `${now}.000100`, ...ev },
      type: 'event_callback',
      event_id: `Ev${randomBytes(6).toString('hex').toUpperCase()}`,
      event_time: now,
      authorizations: [{ enterprise_id: null, team_id: HOST_TEAM.id, user_id: BOT.userId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event_context: `4-${randomBytes(24).toString('base64url')}`,
    });
    return acked(String(ev.type), await post(body, 'application/json'));
  }

  return { act, event };
}
