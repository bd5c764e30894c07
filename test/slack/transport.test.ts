import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, LogLevel, WebClient, type WebAPIHTTPError, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { slackFetch } from '../../src/slack/transport.js';

/** What the server saw of one request. */
interface Seen {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Answer = (seen: Seen, res: ServerResponse) => void;

/** The WebClient, as the app makes it, against a local HTTP server whose answers each test sets. */
describe('the Web API transport (slackFetch)', () => {
  let server: Server;
  let base: string;
  let answer: Answer;
  const seen: Seen[] = [];
  const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}): Answer => (_s, res) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const s = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        seen.push(s);
        answer(s, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterEach(() => {
    seen.length = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (opts: ConstructorParameters<typeof WebClient>[1] = {}) =>
    new WebClient('xoxb-transport-test', { slackApiUrl: base, fetch: slackFetch, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR, ...opts });

  it('sends the call form-encoded with the token and returns the parsed answer with its header metadata', async () => {
    answer = json(200, { ok: true, channel: 'C1', ts: '1700000000.000100', message: { text: 'Hei – æøå' } }, {
      'x-oauth-scopes': 'chat:write, users:read',
      'x-accepted-oauth-scopes': 'chat:write',
    });
    const result = await client().chat.postMessage({ channel: 'C1', text: 'Hei – æøå', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*fet*' } }] });

    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/api/chat.postMessage');
    expect(seen[0]!.headers.authorization).toBe('Bearer xoxb-transport-test');
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(seen[0]!.body);
    expect(form.get('channel')).toBe('C1');
    expect(form.get('text')).toBe('Hei – æøå');
    expect(JSON.parse(form.get('blocks')!)).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*fet*' } }]);

    expect(result.ok).toBe(true);
    expect(result.ts).toBe('1700000000.000100');
    expect(result.message?.text).toBe('Hei – æøå');
    expect(result.response_metadata?.scopes).toEqual(['chat:write', 'users:read']);
    expect(result.response_metadata?.acceptedScopes).toEqual(['chat:write']);
  });

  it("turns Slack's ok: false into the client's platform error", async () => {
    answer = json(200, { ok: false, error: 'channel_not_found' });
    const err = (await client().chat.postMessage({ channel: 'CNOPE', text: 'x' }).catch((e: unknown) => e)) as WebAPIPlatformError;
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data.error).toBe('channel_not_found');
  });

  it('hands a 429 and its Retry-After to the client, which reports it without retrying', async () => {
    answer = json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' });
    const err = (await client().chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(7);
    expect(seen).toHaveLength(1);
  });

  it('reports another HTTP status with its status, headers and body (repeated headers joined as fetch joins them)', async () => {
    answer = (_s, res) => {
      res.writeHead(503, { 'content-type': 'text/plain', 'x-slack-backend': ['a', 'b'] });
      res.end('upstream down');
    };
    const err = (await client().chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e)) as WebAPIHTTPError;
    expect(err.code).toBe(ErrorCode.HTTPError);
    expect(err.statusCode).toBe(503);
    expect(err.headers['x-slack-backend']).toBe('a, b');
    expect(err.body).toBe('upstream down');
  });

  it("ends a call that gets no answer within the client's timeout", async () => {
    answer = () => {
      // Never answers: the client's timeout must end the call.
    };
    const started = Date.now();
    const err = await client({ timeout: 200 }).chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('sends a call with bytes in it as multipart form data, as the global fetch builds it', async () => {
    answer = json(200, { ok: true });
    await client().apiCall('files.upload', { channels: 'C1', filename: 'report.csv', file: Buffer.from('a;b\n1;2\n') });
    expect(seen[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]!.body).toContain('name="channels"');
    expect(seen[0]!.body).toContain('a;b\n1;2\n');
  });
});
