/**
 * An in-process fake of Slack's Socket Mode endpoint, on `ws`.
 *
 * The app asks the fake Web API for `apps.connections.open` (see `attachTo`), which answers with a
 * fresh `ws://127.0.0.1:PORT/link/?ticket=N`. On connecting, the client gets a `hello`; the fake
 * then sends envelopes `{ envelope_id, type, payload, accepts_response_payload }` and resolves each
 * `send` with the payload of the acknowledgement that names its `envelope_id` (for a view
 * submission: the `response_action`). `drop()` cuts the connection so the client must reconnect.
 *
 * `createSocketSender` sends slash commands, interactivity and events through it with the same
 * interface as the signed HTTP sender, so the usual test helpers run unchanged over Socket Mode.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlack } from './fakeSlack.js';
import {
  DEFAULT_API_APP_ID,
  DEFAULT_TEAM_DOMAIN,
  DEFAULT_TEAM_ID,
  newEventId,
  newTriggerId,
  type CommandParams,
  type EventOptions,
  type SlackResponse,
  type SlackSender,
} from './slackRequests.js';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';
type Payload = Record<string, unknown>;

export interface SentEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Payload;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface FakeSocketMode {
  /** What `apps.connections.open` answers: a new URL each time, like Slack's single-use tickets. */
  openUrl(): string;
  /** Connections the client has opened so far (each got a `hello`). */
  readonly connections: number;
  /** Connections currently open. */
  readonly open: number;
  /** Resolves once the client has opened its `n`th connection. */
  waitForConnection(n: number, timeoutMs?: number): Promise<void>;
  /** Resolves once no connection is open (the client closed its side). */
  waitForNoConnection(timeoutMs?: number): Promise<void>;
  /** Sends an envelope on the current connection; resolves with the acknowledgement's payload. */
  send(type: EnvelopeType, payload: Payload, opts?: { retryAttempt?: number; retryReason?: string; timeoutMs?: number }): Promise<Payload>;
  /** Cuts the current connection without a close handshake, as a network failure would. */
  drop(): void;
  /** Makes the fake Web API's `apps.connections.open` hand out this server's URLs. */
  attachTo(slack: FakeSlack): void;
  close(): Promise<void>;
}

const ackSchema = (raw: unknown): { envelope_id: string; payload: Payload } | null => {
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as { envelope_id?: unknown; payload?: unknown };
  if (typeof o.envelope_id !== 'string') return null;
  const payload = typeof o.payload === 'object' && o.payload !== null ? (o.payload as Payload) : {};
  return { envelope_id: o.envelope_id, payload };
};

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`fakeSocketMode: ${what} timed out after ${ms}ms`)), ms);
    }),
  ]);
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const { port } = wss.address() as AddressInfo;
  const sockets = new Set<WebSocket>();
  let current: WebSocket | undefined;
  let connections = 0;
  let tickets = 0;
  const pending = new Map<string, (payload: Payload) => void>();
  const watchers = new Set<() => void>();
  const changed = () => [...watchers].forEach((w) => w());

  const until = (cond: () => boolean, ms: number, what: string) =>
    cond()
      ? Promise.resolve()
      : timeout(
          new Promise<void>((resolve) => {
            const w = () => {
              if (!cond()) return;
              watchers.delete(w);
              resolve();
            };
            watchers.add(w);
          }),
          ms,
          what,
        );

  wss.on('connection', (ws) => {
    sockets.add(ws);
    current = ws;
    connections += 1;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return;
      }
      const ack = ackSchema(parsed);
      const resolve = ack && pending.get(ack.envelope_id);
      if (!ack || !resolve) return;
      pending.delete(ack.envelope_id);
      resolve(ack.payload);
    });
    ws.on('close', () => {
      sockets.delete(ws);
      if (current === ws) current = undefined;
      changed();
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake-socket-mode', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: DEFAULT_API_APP_ID },
      }),
    );
    changed();
  });

  const fake: FakeSocketMode = {
    openUrl() {
      tickets += 1;
      return `ws://127.0.0.1:${port}/link/?ticket=${tickets}&app_id=${DEFAULT_API_APP_ID}`;
    },
    get connections() {
      return connections;
    },
    get open() {
      return sockets.size;
    },
    waitForConnection(n, timeoutMs = 15_000) {
      return until(() => connections >= n && current !== undefined && current.readyState === current.OPEN, timeoutMs, `connection #${n}`);
    },
    waitForNoConnection(timeoutMs = 5000) {
      return until(() => sockets.size === 0, timeoutMs, 'the client closing its connection');
    },
    send(type, payload, opts = {}) {
      const ws = current;
      if (!ws || ws.readyState !== ws.OPEN) return Promise.reject(new Error('fakeSocketMode: no open connection'));
      const envelope: SentEnvelope = {
        envelope_id: randomUUID(),
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        ...(opts.retryAttempt !== undefined ? { retry_attempt: opts.retryAttempt, retry_reason: opts.retryReason ?? '' } : {}),
      };
      const acked = new Promise<Payload>((resolve) => pending.set(envelope.envelope_id, resolve));
      ws.send(JSON.stringify(envelope));
      return timeout(acked, opts.timeoutMs ?? 5000, `the ack of ${type} envelope ${envelope.envelope_id}`).finally(() =>
        pending.delete(envelope.envelope_id),
      );
    },
    drop() {
      current?.terminate();
    },
    attachTo(slack) {
      slack.setSocketModeUrl(() => fake.openUrl());
    },
    close() {
      for (const ws of sockets) ws.terminate();
      return new Promise<void>((resolve, reject) => wss.close((e) => (e ? reject(e) : resolve())));
    },
  };
  return fake;
}

/** An ack's payload as the HTTP sender would return the response body ('' for an empty ack). */
function asResponse(payload: Payload): SlackResponse {
  const empty = Object.keys(payload).length === 0;
  const text = empty ? '' : JSON.stringify(payload);
  return { status: 200, body: empty ? '' : payload, text, headers: new Headers({ 'content-type': 'application/json' }) };
}

/** The SlackSender interface over Socket Mode: what Slack would send, as envelopes. */
export function createSocketSender(sm: FakeSocketMode, opts: { responseUrl: () => string }): SlackSender {
  const unsupported = () => Promise.reject(new Error('Socket Mode has no signed HTTP requests'));
  return {
    async command(params: CommandParams) {
      const { command = '/tt02', text = '', user_id, channel_id, ...rest } = params;
      const payload: Payload = {
        token: 'unused-in-socket-mode',
        team_id: DEFAULT_TEAM_ID,
        team_domain: DEFAULT_TEAM_DOMAIN,
        channel_id,
        channel_name: channel_id.toLowerCase(),
        user_id,
        user_name: user_id.toLowerCase(),
        command,
        text,
        api_app_id: DEFAULT_API_APP_ID,
        is_enterprise_install: 'false',
        response_url: opts.responseUrl(),
        trigger_id: newTriggerId(),
        ...rest,
      };
      return asResponse(await sm.send('slash_commands', payload));
    },
    async interactive(payload: object) {
      return asResponse(await sm.send('interactive', payload as Payload));
    },
    async event(event: object, o: EventOptions = {}) {
      const team = o.teamId ?? DEFAULT_TEAM_ID;
      const eventTime = Math.floor(Date.now() / 1000);
      const envelope: Payload = {
        team_id: team,
        api_app_id: DEFAULT_API_APP_ID,
        event: { event_ts: `${eventTime}.000100`, ...(event as Payload) },
        type: 'event_callback',
        event_id: o.eventId ?? newEventId(),
        event_time: eventTime,
        authorizations: [{ enterprise_id: null, team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: o.isExtSharedChannel ?? false,
        ...(o.envelope ?? {}),
      };
      return asResponse(await sm.send('events_api', envelope, { retryAttempt: o.retryNum, retryReason: o.retryReason }));
    },
    urlVerification: unsupported,
    raw: unsupported,
  };
}
