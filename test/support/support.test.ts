import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, LogLevel, WebClient, WebClientEvent } from '@slack/web-api';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from './fakeSlack.js';
import {
  blockActionPayload,
  checkboxes,
  createSlackSender,
  emailInput,
  plainInput,
  radio,
  signSlackRequest,
  viewClosedPayload,
  viewSubmissionPayload,
} from './slackRequests.js';
import { startSmtpSink, type SmtpSink } from './smtpSink.js';

const fastRetry = { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 };

describe('fakeSlack with a real WebClient', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack({ channels: { CEXT: { is_ext_shared: true, is_shared: true, name: 'vendor-x' } } });
    client = new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: fastRetry, logLevel: LogLevel.ERROR });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('auth.test identifies the bot', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'THOST' });
    expect(fake.calls[0]).toMatchObject({ method: 'auth.test', token: 'xoxb-test' });
  });

  it('records postMessage with blocks parsed back into objects, and increasing ts', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    const first = await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks, metadata: { event_type: 'x', event_payload: { a: 1 } } });
    const second = await client.chat.postMessage({ channel: 'C1', text: 'again' });
    expect(first).toMatchObject({ ok: true, channel: 'C1', message: { text: 'hi', blocks } });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    const call = fake.callsOf('chat.postMessage')[0]!;
    expect(call.contentType).toContain('application/x-www-form-urlencoded');
    expect(call.args.blocks).toEqual(blocks);
    expect(call.args.metadata).toEqual({ event_type: 'x', event_payload: { a: 1 } });
    expect(call.token).toBe('xoxb-test');

    await client.chat.update({ channel: 'C1', ts: first.ts!, text: 'edited' });
    expect(fake.message('C1', first.ts!)?.text).toBe('edited');
    const link = await client.chat.getPermalink({ channel: 'C1', message_ts: first.ts! });
    expect(link.permalink).toBe(`https://fake.slack.com/archives/C1/p${first.ts!.replace('.', '')}`);
  });

  it('opens a view, and views.update honours hashes', async () => {
    const view = {
      type: 'modal' as const,
      callback_id: 'request',
      private_metadata: '{"k":1}',
      title: { type: 'plain_text' as const, text: 'T' },
      blocks: [{ type: 'input', block_id: 'b', label: { type: 'plain_text', text: 'L' }, element: { type: 'plain_text_input', action_id: 'a' } }],
    };
    const opened = await client.views.open({ trigger_id: '1.2.abc', view });
    expect(opened.view).toMatchObject({ id: 'V0001', type: 'modal', callback_id: 'request', private_metadata: '{"k":1}' });
    expect(fake.callsOf('views.open')[0]!.args.view).toEqual(view);

    const id = opened.view!.id!;
    const hash = opened.view!.hash!;
    await expect(client.views.update({ view_id: id, hash: 'stale', view })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'hash_conflict' },
    });
    const updated = await client.views.update({ view_id: id, hash, view });
    expect(updated.view!.hash).not.toBe(hash);
    expect(fake.view(id)?.hash).toBe(updated.view!.hash);
  });

  it('waitFor resolves for a call made after it started, and times out with context', async () => {
    const waiting = fake.waitFor('chat.postEphemeral', (a) => a.user === 'U2');
    await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'not this one' });
    await client.chat.postEphemeral({ channel: 'C1', user: 'U2', text: 'this one' });
    const call = await waiting;
    expect(call.args.text).toBe('this one');
    await expect(fake.waitFor('pins.add', undefined, 50)).rejects.toThrow(/timed out after 50ms[\s\S]*chat\.postEphemeral/);
  });

  it('waitForNew takes the call made after the count, even one made before the wait, never an earlier match', async () => {
    // As a modal another request opened earlier, with the same callback id.
    await client.chat.postEphemeral({ channel: 'C1', user: 'U2', text: 'earlier' });
    const before = fake.callsOf('chat.postEphemeral').length;
    // The click's modal arrives before the test begins waiting for it (an app ahead of a loaded test process).
    await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'other' });
    await client.chat.postEphemeral({ channel: 'C1', user: 'U2', text: 'this one' });
    expect((await fake.waitForNew('chat.postEphemeral', before, (a) => a.user === 'U2')).args.text).toBe('this one');
    const later = fake.waitForNew('chat.postEphemeral', fake.callsOf('chat.postEphemeral').length, (a) => a.user === 'U2');
    await client.chat.postEphemeral({ channel: 'C1', user: 'U2', text: 'yet to come' });
    expect((await later).args.text).toBe('yet to come');
  });

  it('conversations.info, users.info and usergroups from config', async () => {
    fake.setUser('UEXT', { team_id: 'TVENDOR', locale: 'en-US', is_stranger: true, real_name: 'Vera' });
    fake.setUsergroup('SSTAFF', ['U1', 'U2']);
    await expect(client.conversations.info({ channel: 'CEXT' })).resolves.toMatchObject({ channel: { is_ext_shared: true, name: 'vendor-x' } });
    await expect(client.conversations.info({ channel: 'CNOPE' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    const ext = await client.users.info({ user: 'UEXT', include_locale: true });
    expect(ext.user).toMatchObject({ team_id: 'TVENDOR', locale: 'en-US', is_stranger: true, real_name: 'Vera' });
    const noLocale = await client.users.info({ user: 'UEXT' });
    expect(noLocale.user?.locale).toBeUndefined();
    const unknown = await client.users.info({ user: 'UX', include_locale: true });
    expect(unknown.user).toMatchObject({ team_id: 'THOST', locale: 'nb-NO' });
    await expect(client.usergroups.users.list({ usergroup: 'SSTAFF' })).resolves.toMatchObject({ users: ['U1', 'U2'] });
  });

  it('429 with Retry-After is retried by WebClient and succeeds', async () => {
    let rateLimited = 0;
    const onRateLimited = (): void => void (rateLimited += 1);
    client.on(WebClientEvent.RATE_LIMITED, onRateLimited);
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    const res = await client.chat.postMessage({ channel: 'C1', text: 'retry me' });
    client.off(WebClientEvent.RATE_LIMITED, onRateLimited);
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(rateLimited).toBe(1);
    const calls = fake.callsOf('chat.postMessage');
    expect(calls.map((c) => c.failed ?? false)).toEqual([true, false]);
  });

  it('500 is retried per retryConfig; persistent 500 surfaces as an HTTP error', async () => {
    fake.failNext('chat.postMessage', { status: 500 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
    fake.reset();
    fake.failNext('chat.postMessage', { status: 500 }, 3);
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    expect(fake.callsOf('chat.postMessage')).toHaveLength(3); // 1 + 2 retries
  });

  it('ok:false faults are not retried; delay faults answer normally', async () => {
    fake.failNext('pins.add', { error: 'channel_not_found' });
    await expect(client.pins.add({ channel: 'C1', timestamp: '1.2' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    expect(fake.callsOf('pins.add')).toHaveLength(1);
    fake.failNext('pins.add', { delayMs: 100 });
    const t0 = Date.now();
    await expect(client.pins.add({ channel: 'C1', timestamp: '1.2' })).resolves.toMatchObject({ ok: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
  });

  it('parses JSON bodies and serves response_url', async () => {
    const res = await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-json' },
      body: JSON.stringify({ channel: 'C9', text: 'j', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C9' });
    expect(fake.callsOf('chat.postMessage')[0]).toMatchObject({ token: 'xoxb-json', args: { blocks: [{ type: 'divider' }] } });
    await fetch(fake.responseUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"eph"}' });
    expect((await fake.waitFor('response_url')).args).toEqual({ text: 'eph' });
  });
});

describe('smtpSink with nodemailer', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterEach(() => {
    sink.reset();
    sink.setDown(false);
    sink.clearRejections();
  });
  afterAll(() => sink.close());

  const transport = () => nodemailer.createTransport({ url: sink.url, ignoreTLS: true } as Parameters<typeof nodemailer.createTransport>[0]);

  it('captures and parses a message', async () => {
    const info = await transport().sendMail({
      from: 'tt02@brreg.no',
      to: 'vendor@example.com',
      subject: 'TT02-tilgang godkjent',
      text: 'Hei! Ære være',
      html: '<p>Hei! Ære være</p>',
    });
    const [msg] = await sink.waitForMessages(1);
    expect(msg!.envelope).toEqual({ from: 'tt02@brreg.no', to: ['vendor@example.com'] });
    expect(msg!.parsed.subject).toBe('TT02-tilgang godkjent');
    expect(msg!.parsed.text?.trim()).toBe('Hei! Ære være');
    expect(msg!.messageId).toBe(info.messageId);
    expect(msg!.raw).toContain('Subject:');
  });

  it('rejects a recipient permanently', async () => {
    sink.rejectRecipient('Bounce@Example.com');
    await expect(transport().sendMail({ from: 'a@b.no', to: 'bounce@example.com', subject: 's', text: 't' })).rejects.toMatchObject({
      responseCode: 550,
    });
    expect(sink.messages).toHaveLength(0);
  });

  it('setDown causes a transient failure and records nothing', async () => {
    sink.setDown(true);
    await expect(transport().sendMail({ from: 'a@b.no', to: 'x@example.com', subject: 's', text: 't' })).rejects.toMatchObject({
      responseCode: 451,
    });
    expect(sink.messages).toHaveLength(0);
    sink.setDown(false);
    await transport().sendMail({ from: 'a@b.no', to: 'x@example.com', subject: 's', text: 't' });
    expect(sink.messages).toHaveLength(1);
  });

  it('holdFinalDot with keep records the message before it answers, and answers on release', async () => {
    const hold = sink.holdFinalDot({ keep: true, match: (m) => m.envelope.to.includes('held@example.com') });
    let answered = false;
    const sending = transport()
      .sendMail({ from: 'a@b.no', to: 'held@example.com', subject: 's', text: 't' })
      .then(() => (answered = true));
    const { message, clientPort } = await hold.held;
    expect(message.envelope.to).toEqual(['held@example.com']);
    expect(clientPort).toBeGreaterThan(0);
    expect(sink.messages).toHaveLength(1);
    expect(answered).toBe(false);
    hold.release();
    await sending;
    expect(answered).toBe(true);
  });

  it('holdFinalDot without keep loses the message when the client goes away before the answer', async () => {
    const hold = sink.holdFinalDot({ keep: false });
    const t = nodemailer.createTransport({ url: sink.url, ignoreTLS: true, socketTimeout: 200 } as Parameters<typeof nodemailer.createTransport>[0]);
    // The client gives up waiting for the answer and closes the connection.
    const sending = t.sendMail({ from: 'a@b.no', to: 'lost@example.com', subject: 's', text: 't' });
    await hold.held;
    await expect(sending).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    await hold.dropped;
    expect(sink.messages).toHaveLength(0);
  });
});

describe('slackRequests', () => {
  it('signs like Slack (docs vector)', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  describe('sender against a capturing server', () => {
    const secret = 'shh';
    let server: Server;
    let url: string;
    const seen: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"response_action":"clear"}');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    const verify = (i: number): boolean => {
      const s = seen[i]!;
      const ts = String(s.headers['x-slack-request-timestamp']);
      const expected = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${s.body}`).digest('hex')}`;
      return s.headers['x-slack-signature'] === expected && Math.abs(Date.now() / 1000 - Number(ts)) < 5;
    };

    it('sends signed commands, interactivity and events', async () => {
      const sender = createSlackSender({ url, signingSecret: secret });
      const r1 = await sender.command({ command: '/tt02', text: 'hei', user_id: 'U1', channel_id: 'C1' });
      expect(r1).toMatchObject({ status: 200, body: { response_action: 'clear' } });
      const form = new URLSearchParams(seen[0]!.body);
      expect(Object.fromEntries(form)).toMatchObject({ command: '/tt02', text: 'hei', user_id: 'U1', channel_id: 'C1', team_id: 'THOST' });
      expect(form.get('trigger_id')).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
      await sender.command({ user_id: 'U1', channel_id: 'C1' });
      expect(new URLSearchParams(seen[1]!.body).get('trigger_id')).not.toBe(form.get('trigger_id'));

      const values = { contact: { email: emailInput('a@b.no') }, name: { name: plainInput('Ola') }, kind: { kind: radio(undefined) }, opts: { o: checkboxes(['x']) } };
      await sender.interactive(viewSubmissionPayload({ user: 'U1', view: { id: 'V1', callback_id: 'cb', private_metadata: 'pm', state: { values } } }));
      const payload = JSON.parse(new URLSearchParams(seen[2]!.body).get('payload')!) as Record<string, unknown>;
      expect(payload).toMatchObject({ type: 'view_submission', user: { id: 'U1', team_id: 'THOST' }, view: { id: 'V1', callback_id: 'cb', state: { values } } });
      expect(values.kind.kind).toEqual({ type: 'radio_buttons', selected_option: null });

      await sender.event({ type: 'app_mention', user: 'U1', text: 'hi', channel: 'C1' }, { eventId: 'Ev1', retryNum: 1, retryReason: 'http_timeout' });
      expect(seen[3]!.headers['content-type']).toBe('application/json');
      expect(seen[3]!.headers['x-slack-retry-num']).toBe('1');
      expect(seen[3]!.headers['x-slack-retry-reason']).toBe('http_timeout');
      expect(JSON.parse(seen[3]!.body)).toMatchObject({ type: 'event_callback', event_id: 'Ev1', event: { type: 'app_mention' } });
      for (let i = 0; i < 4; i++) expect(verify(i)).toBe(true);

      await sender.raw('x=1', 'application/x-www-form-urlencoded', { timestamp: 1, signature: 'v0=bad' });
      expect(verify(4)).toBe(false);
    });

    it('builds block action and view_closed payloads', () => {
      const msgAction = blockActionPayload({
        user: { id: 'U1', team_id: 'TVENDOR' },
        channel: 'C1',
        message: { ts: '1700000000.000100', text: 't' },
        action: { action_id: 'approve', value: 'req-1' },
      });
      expect(msgAction).toMatchObject({
        type: 'block_actions',
        user: { id: 'U1', team_id: 'TVENDOR' },
        container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C1' },
        channel: { id: 'C1' },
        message: { ts: '1700000000.000100' },
        actions: [{ action_id: 'approve', value: 'req-1', type: 'button' }],
      });
      const viewAction = blockActionPayload({ user: 'U1', view: { id: 'V9', callback_id: 'cb' }, action: { action_id: 'pick', selected_option: { value: 'a' } } });
      expect(viewAction).toMatchObject({ container: { type: 'view', view_id: 'V9' }, view: { id: 'V9', root_view_id: 'V9' }, actions: [{ type: 'static_select' }] });
      expect(viewClosedPayload({ user: 'U1', view: { id: 'V9', callback_id: 'cb' } })).toMatchObject({ type: 'view_closed', is_cleared: false });
    });
  });
});

describe('end to end with a real Bolt App', () => {
  it('command → views.open, view_submission → ack, signature and staleness enforced', async () => {
    const { App, LogLevel: BoltLogLevel } = await import('@slack/bolt');
    const fake = await startFakeSlack();
    const signingSecret = 'bolt-secret';
    const app = new App({
      token: 'xoxb-bolt',
      signingSecret,
      logLevel: BoltLogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.url, retryConfig: fastRetry },
    });
    app.command('/tt02', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: { type: 'modal', callback_id: 'req', title: { type: 'plain_text', text: 'T' }, blocks: [] },
      });
    });
    let submitted: unknown;
    app.view('req', async ({ ack, view }) => {
      submitted = view.state.values;
      await ack({ response_action: 'errors', errors: { email: 'bad' } });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      const sender = createSlackSender({ url, signingSecret, responseUrl: () => fake.responseUrl() });
      const r = await sender.command({ command: '/tt02', user_id: 'U1', channel_id: 'C1' });
      expect(r.status).toBe(200);
      const open = await fake.waitFor('views.open');
      expect(open.token).toBe('xoxb-bolt');
      const viewId = (open.response.view as { id: string }).id;

      const values = { email: { email: emailInput('nope') } };
      const sub = await sender.interactive(viewSubmissionPayload({ user: 'U1', view: { id: viewId, callback_id: 'req', private_metadata: '', state: { values } } }));
      expect(sub).toMatchObject({ status: 200, body: { response_action: 'errors', errors: { email: 'bad' } } });
      expect(submitted).toEqual(values);

      const forged = await sender.command({ user_id: 'U1', channel_id: 'C1' }, { signature: 'v0=00' });
      expect(forged.status).toBe(401);
      const stale = await sender.command({ user_id: 'U1', channel_id: 'C1' }, { timestamp: Math.floor(Date.now() / 1000) - 600 });
      expect(stale.status).toBe(401);
    } finally {
      await app.stop();
      await fake.close();
    }
  });
});
