/**
 * autocannon helpers: drive signed Slack requests at a Bolt app, each request built fresh in
 * `setupRequest` (body, timestamp and signature), and collect our own latency samples (sub-ms,
 * from autocannon's per-response timing) so percentiles are not rounded to whole milliseconds.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { signSlackRequest } from '../support/slackRequests.js';
import type { Built } from './payloads.js';

export interface LoadOptions {
  /** http://127.0.0.1:PORT */
  url: string;
  signingSecret: string;
  /** Builds the next request; called right before it is written to the socket. */
  build: () => Built;
  connections?: number;
  /**
   * Seconds of warm-up at the start of the same run (same connections), excluded from every figure:
   * this also keeps connection set-up out of the latencies.
   */
  warmupS?: number;
  /** Measured seconds after the warm-up (ignored when `amount` is set). */
  durationS?: number;
  /** Number of requests to complete instead of a duration (no warm-up). */
  amount?: number;
  /** Requests per second across all connections (default: as fast as possible). */
  overallRate?: number;
  /** Per-response check (status and body); failures are counted as `mismatched`. */
  check?: (status: number, body: string) => boolean;
  /** Called for every request as it is sent (after build); `measured` is false during the warm-up. */
  onSent?: (built: Built, at: number, measured: boolean) => void;
  /** Called with every response and the request it answers. */
  onResult?: (built: Built, status: number, body: string) => void;
  timeoutS?: number;
  /** Also keep [start offset ms, latency ms] per ok response (for diagnosis). */
  timeline?: boolean;
}

export interface LoadResult {
  /** Responses received in the measured window (any status). */
  responses: number;
  /** 2xx responses that passed `check`, completed in the measured window. */
  ok: number;
  /** Responses that were not 2xx or failed `check` (measured window). */
  mismatched: number;
  /** Connection errors and timeouts over the whole run. */
  errors: number;
  timeouts: number;
  /** Length of the measured window in seconds. */
  elapsedS: number;
  /** ok / elapsed */
  rps: number;
  p50: number;
  p99: number;
  /** Latency samples (ms) of the ok responses sent in the measured window. */
  latencies: number[];
  statuses: Record<string, number>;
  /** [start offset ms, latency ms] per ok response, when asked for. */
  timeline?: [number, number][];
  /** One failing response body, for diagnosis. */
  sampleFailure?: string;
}

/** Nearest-rank percentile of unsorted samples (NaN when empty). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const timeline: [number, number][] | undefined = o.timeline ? [] : undefined;
  let ok = 0;
  let mismatched = 0;
  let sampleFailure: string | undefined;
  // Our check runs in onResponse, which fires just before autocannon's 'response' event for the same
  // response (with its timing): carry the verdict across.
  let lastVerdict = true;
  const warmMs = o.amount ? 0 : (o.warmupS ?? 0) * 1000;
  const measureMs = o.amount ? Infinity : (o.durationS ?? 10) * 1000;
  let started = performance.now();

  // A connection carries one request at a time (pipelining 1): its context links a response to its request.
  const setupRequest = (req: autocannon.Request, context: object): autocannon.Request => {
    const built = o.build();
    (context as { built?: Built }).built = built;
    const timestamp = Math.floor(Date.now() / 1000);
    if (o.onSent) {
      const at = performance.now();
      o.onSent(built, at, at - started >= warmMs);
    }
    return {
      ...req,
      method: 'POST',
      path: '/slack/events',
      body: built.body,
      headers: {
        'content-type': built.contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(o.signingSecret, timestamp, built.body),
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      },
    };
  };
  const onResponse = (status: number, body: string, context: object) => {
    const built = (context as { built?: Built }).built;
    if (o.onResult && built) o.onResult(built, status, body);
    lastVerdict = status >= 200 && status < 300 && (o.check ? o.check(status, body) : true);
    if (!lastVerdict && sampleFailure === undefined) sampleFailure = `${status} ${body.slice(0, 300)}`;
  };

  started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        connections: o.connections ?? 50,
        pipelining: 1,
        ...(o.amount ? { amount: o.amount } : { duration: (warmMs + measureMs) / 1000 }),
        ...(o.overallRate ? { overallRate: o.overallRate } : {}),
        timeout: o.timeoutS ?? 10,
        requests: [{ setupRequest, onResponse }],
      },
      (err, res) => (err ? reject(err as Error) : resolve(res)),
    );
    // The emitted arguments are (client, statusCode, resBytes, responseTime); the typings omit the client.
    (instance as unknown as NodeJS.EventEmitter).on(
      'response',
      (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        const end = performance.now() - started;
        const start = end - responseTime;
        if (start < warmMs) return; // warm-up
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
        if (!lastVerdict) {
          mismatched += 1;
          return;
        }
        latencies.push(responseTime);
        timeline?.push([start, responseTime]);
        if (end <= warmMs + measureMs) ok += 1;
      },
    );
  });
  const elapsedS = o.amount ? (performance.now() - started) / 1000 : measureMs / 1000;
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    ...withRates({ responses, ok, mismatched, errors: result.errors, timeouts: result.timeouts, elapsedS, latencies, statuses }),
    ...(timeline ? { timeline } : {}),
    ...(sampleFailure !== undefined ? { sampleFailure } : {}),
  };
}

type Counts = Omit<LoadResult, 'rps' | 'p50' | 'p99' | 'timeline' | 'sampleFailure'>;

/** The figures derived from the counts and samples: requests/s and latency percentiles. */
function withRates(c: Counts): LoadResult {
  return { ...c, rps: c.ok / c.elapsedS, p50: percentile(c.latencies, 50), p99: percentile(c.latencies, 99) };
}

/** Several runs of one scenario as one figure: counts and latency samples pooled, rate over the total time. */
export function combineLoads(runs: LoadResult[]): LoadResult {
  const statuses: Record<string, number> = {};
  for (const r of runs) for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
  const latencies = runs.flatMap((r) => r.latencies);
  const sum = (f: (r: LoadResult) => number) => runs.reduce((a, r) => a + f(r), 0);
  const ok = sum((r) => r.ok);
  const elapsedS = sum((r) => r.elapsedS);
  const sampleFailure = runs.find((r) => r.sampleFailure !== undefined)?.sampleFailure;
  return {
    ...withRates({
      responses: sum((r) => r.responses),
      ok,
      mismatched: sum((r) => r.mismatched),
      errors: sum((r) => r.errors),
      timeouts: sum((r) => r.timeouts),
      elapsedS,
      latencies,
      statuses,
    }),
    ...(sampleFailure !== undefined ? { sampleFailure } : {}),
  };
}
