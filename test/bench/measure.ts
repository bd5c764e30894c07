/**
 * Measuring one side of a comparison: a saturation run of signed requests (autocannon), with the
 * CPU split and, for the modal, the time until views.open reached the fake; single requests; and
 * the database counts that tell when the app's work after the ack has finished.
 */
import { performance } from 'node:perf_hooks';
import type postgres from 'postgres';
import { signSlackRequest } from '../support/slackRequests.js';
import type { Child } from './children.js';
import { combineLoads, percentile, runLoad, type LoadResult } from './load.js';
import { cpuMeter, cpuSummary, meanCpu, type CpuUse } from './meter.js';
import type { Params } from './options.js';
import { SIGNING_SECRET, type Built } from './payloads.js';
import type { BenchSlack } from './slack.js';
import { say, sleep } from './util.js';

export const okStatus = (status: number) => status === 200;
export const isUpdate = (_s: number, body: string) => body.includes('"response_action":"update"');
export const isErrors = (_s: number, body: string) => body.includes('"response_action":"errors"');
/** A valid submission the app took: the modal turns into its receipt (not a refusal or a "busy" notice). */
export const isAccepted = (_s: number, body: string) => body.includes('"callback_id":"tt02_intake_done"');

export interface Measured {
  load: LoadResult;
  opens?: { count: number; rps: number; p50: number; p99: number; latencies: number[] };
  cpu: CpuUse;
}

/**
 * Runs of one side of a comparison as one figure. The bench measures each pair as bare, app, app,
 * bare (or close to it): a machine that drifts during the pair then weighs on both sides alike.
 */
export function combineMeasured(runs: Measured[]): Measured {
  const load = combineLoads(runs.map((r) => r.load));
  const cpu = meanCpu(runs.map((r) => r.cpu));
  if (!runs.every((r) => r.opens)) return { load, cpu };
  const latencies = runs.flatMap((r) => r.opens!.latencies);
  const count = runs.reduce((a, r) => a + r.opens!.count, 0);
  return { load, cpu, opens: { count, rps: count / load.elapsedS, p50: percentile(latencies, 50), p99: percentile(latencies, 99), latencies } };
}

/** A saturation run against `target`: warm-up, then the measured seconds, 50 connections. */
export async function measure(
  label: string,
  target: Child,
  build: () => Built,
  check: (status: number, body: string) => boolean,
  slack: BenchSlack,
  P: Params,
  withOpens = false,
): Promise<Measured> {
  slack.clear();
  slack.opens.clear();
  const meter = cpuMeter(target);
  const load = await runLoad({
    url: target.url,
    signingSecret: SIGNING_SECRET,
    build,
    check,
    connections: P.connections,
    warmupS: P.warmS,
    durationS: P.measureS,
    ...(withOpens
      ? {
          onSent: (b: Built, at: number, measured: boolean) => {
            if (measured && b.triggerId) slack.opens.sentAt.set(b.triggerId, at);
          },
        }
      : {}),
  });
  const cpu = meter();
  let opens: Measured['opens'];
  if (withOpens) {
    await sleep(500); // views.open calls still on their way
    const lat = [...slack.opens.latencies];
    opens = { count: lat.length, rps: lat.length / load.elapsedS, p50: percentile(lat, 50), p99: percentile(lat, 99), latencies: lat };
    slack.opens.clear();
  }
  slack.clear();
  say(
    `${label}: ${load.rps.toFixed(0)} req/s, p50 ${load.p50.toFixed(2)} ms, p99 ${load.p99.toFixed(2)} ms` +
      (opens ? `; views.open p50 ${opens.p50.toFixed(2)} ms, p99 ${opens.p99.toFixed(2)} ms` : '') +
      (load.mismatched + load.errors ? ` (${load.mismatched} unexpected, ${load.errors} errors)` : '') +
      `\n             ${cpuSummary(cpu)}`,
  );
  return { load, cpu, ...(opens ? { opens } : {}) };
}

/** Sends one signed request; 'timeout' if no answer in time. */
export async function sendOnce(url: string, b: Built, timeoutMs: number): Promise<{ status: number | 'timeout'; body: string }> {
  const ts = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': b.contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlackRequest(SIGNING_SECRET, ts, b.body),
      },
      body: b.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 'timeout', body: '' };
  }
}

export async function count(sql: postgres.Sql, what: 'events' | 'requests' | 'cards' | 'pending'): Promise<number> {
  const rows =
    what === 'events'
      ? await sql`select count(*)::int as n from request_events`
      : what === 'requests'
        ? await sql`select count(*)::int as n from requests`
        : what === 'cards'
          ? await sql`select count(*)::int as n from requests where triage_ts is not null and status = 'submitted'`
          : await sql`select count(*)::int as n from outbox where status = 'pending'`;
  return (rows[0] as { n: number }).n;
}

/**
 * Waits (at most `capMs`) until `done()` holds, for the work the app does after acknowledging
 * (claims, outbox deliveries) to stop competing with the next scenario. Returns the time waited.
 */
export async function waitUntil(label: string, done: () => Promise<boolean>, capMs: number): Promise<number> {
  const t0 = performance.now();
  let ok = false;
  while (!(ok = await done()) && performance.now() - t0 < capMs) await sleep(250);
  const ms = performance.now() - t0;
  say(`${label}: ${ok ? 'done' : 'gave up'} after ${(ms / 1000).toFixed(1)} s`);
  return ms;
}

/** No new request events for a second: the listeners' work after the ack has finished. */
export function eventsQuiet(sql: postgres.Sql): () => Promise<boolean> {
  let last = -1;
  let stableSince = performance.now();
  return async () => {
    const n = await count(sql, 'events');
    if (n !== last) {
      last = n;
      stableSince = performance.now();
      return false;
    }
    return performance.now() - stableSince >= 1000;
  };
}
