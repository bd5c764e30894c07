import type { FetchFunction } from '@slack/web-api';
import { request } from 'undici';

/**
 * The Web API's transport: every WebClient of the app gets it through its documented `fetch` option.
 *
 * Why: Node's global `fetch` wraps undici's dispatcher in the WHATWG machinery (Request and Response
 * objects, header validation, web streams for both bodies, a body mixin per read). In a profiled burst
 * that was a fifth of the app's CPU. Per call, on this machine, with a local server in the same process:
 * 307–324 µs of CPU through `fetch`, 93–147 µs through undici's own `request()` over the same connection
 * pool (the global dispatcher, same keep-alive rules). A 50-vendor burst makes about 250 calls, in the
 * half second the vendors and staff wait through (test/bench/README.md, "Fourth round").
 *
 * What it keeps of `fetch`: the URL-encoded calls every method makes go through `request()`, with the
 * WebClient's timeout signal; the body is read whole (the client always reads it whole, and Slack's
 * answers are small), so the response below needs no stream. Multipart uploads (files.uploadV2 with
 * bytes) are rare and go through the global fetch as before, which builds their boundary.
 */
export const slackFetch: FetchFunction = async (url, init = {}) => {
  if (init.body !== undefined && typeof init.body !== 'string') return globalThis.fetch(url, init);
  const href = String(url);
  const answer = await request(href, {
    method: (init.method ?? 'GET') as 'GET' | 'POST',
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
  const body = await answer.body.bytes();
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return answerOf(href, answer.statusCode, answer.statusText, answer.headers, bytes);
};

/** What the WebClient reads of an answer (the package names it `FetchResponse` but does not export it). */
type FetchResponse = Awaited<ReturnType<FetchFunction>>;
type RawHeaders = Record<string, string | string[] | undefined>;

function answerOf(url: string, status: number, statusText: string, raw: RawHeaders, bytes: Buffer): FetchResponse {
  const headers = {
    // undici gives lower-case names; repeated headers come as arrays, which fetch joins with ", ".
    get(name: string): string | null {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
    *entries(): IterableIterator<[string, string]> {
      for (const name of Object.keys(raw)) {
        const value = headers.get(name);
        if (value !== null) yield [name, value];
      }
    },
  };
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText,
    url,
    headers,
    text: async () => bytes.toString('utf8'),
    json: async () => JSON.parse(bytes.toString('utf8')) as unknown,
    arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  };
}
