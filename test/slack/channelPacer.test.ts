import { describe, expect, it } from 'vitest';
import { ChannelPacer } from '../../src/slack/channelPacer.js';

describe('channel pacer', () => {
  it('after a 429 gives each waiting post its own slot, one interval apart, none before the Retry-After', () => {
    let t = 0;
    const p = new ChannelPacer(1000, () => t);
    expect(p.wait('C1', 'a')).toBe(0);
    // Slack answers b and c with 429, Retry-After 1 s: each waits for its own slot.
    expect(p.limited('C1', 'b', 1000)).toBe(1000);
    expect(p.limited('C1', 'c', 1000)).toBe(2000);
    // A new post to the channel queues behind them; another channel is not held.
    expect(p.wait('C1', 'd')).toBe(3000);
    expect(p.wait('C2', 'x')).toBe(0);
    t = 999;
    expect(p.wait('C1', 'b')).toBe(1);
    t = 1000;
    expect(p.wait('C1', 'b')).toBe(0);
    t = 2000;
    expect(p.wait('C1', 'c')).toBe(0);
    t = 3000;
    expect(p.wait('C1', 'd')).toBe(0);
  });

  it('posts freely again once its slots are spent, until Slack limits the channel again', () => {
    let t = 0;
    const p = new ChannelPacer(1000, () => t);
    expect(p.limited('C1', 'a', 1000)).toBe(1000);
    t = 1000;
    expect(p.wait('C1', 'a')).toBe(0);
    t = 1010;
    expect(p.wait('C1', 'b')).toBe(0);
    expect(p.wait('C1', 'c')).toBe(0);
  });
});
