import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from './fakeSlack.js';
import { RateLimiter, earliestSchedule } from './rateLimit.js';

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fake with Slack's posting limit on a clock the test moves, and a client that reports 429s. */
async function limitedSlack() {
  let now = 1_000_000;
  const limiter = new RateLimiter({ perSecond: 1, burst: 3, now: () => now });
  fake = await startFakeSlack({ rateLimiter: limiter });
  const client = new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const post = (channel: string, text: string) =>
    client.chat.postMessage({ channel, text }).then(
      () => 'posted' as const,
      (e: { code?: string; retryAfter?: number }) => (e.code === 'slack_webapi_rate_limited_error' ? e.retryAfter : e),
    );
  return { limiter, fake, post, advance: (ms: number) => void (now += ms) };
}

describe('rate-limited fake Slack', () => {
  it('answers chat.postMessage past the burst in one channel with 429 and Retry-After, other channels unaffected', async () => {
    const s = await limitedSlack();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await s.post('CTRIAGE', `card ${i}`));
    expect(results).toEqual(['posted', 'posted', 'posted', 1]);
    expect(await s.post('CVENDOR', 'receipt')).toBe('posted');
    expect([...s.fake.messages.values()].map((m) => m.text)).toEqual(['card 0', 'card 1', 'card 2', 'receipt']);
    const refused = s.fake.callsOf('chat.postMessage').filter((c) => c.rateLimited);
    expect(refused.map((c) => c.args.text)).toEqual(['card 3']);
    // A second later the bucket holds one more post.
    s.advance(1000);
    expect(await s.post('CTRIAGE', 'card 3')).toBe('posted');
    expect(await s.post('CTRIAGE', 'card 4')).toBe(1);
    expect(s.limiter.premature).toEqual([]);
  });

  it('records a call repeated before its Retry-After as premature, and lets it through after', async () => {
    const s = await limitedSlack();
    for (let i = 0; i < 3; i++) await s.post('CTRIAGE', `card ${i}`);
    expect(await s.post('CTRIAGE', 'card 3')).toBe(1);
    s.advance(400);
    expect(await s.post('CTRIAGE', 'card 3')).toBe(1);
    expect(s.limiter.premature).toMatchObject([{ channel: 'CTRIAGE', identity: expect.stringContaining('card 3'), premature: true }]);
    // It was told again to wait a second; waiting that long lets it through.
    s.advance(1000);
    expect(await s.post('CTRIAGE', 'card 3')).toBe('posted');
    expect(s.limiter.premature).toHaveLength(1);
    expect(s.fake.messages.size).toBe(4);
  });

  it('computes the earliest moments a channel allows for a burst of posts', () => {
    expect(earliestSchedule([0, 0, 0, 0, 0], { perSecond: 1, burst: 3 })).toEqual([0, 0, 0, 1000, 2000]);
    expect(earliestSchedule([0, 5000], { perSecond: 1, burst: 3 })).toEqual([0, 5000]);
  });
});
