import { describe, expect, it } from 'vitest';
import { LoadGauge } from '../src/loadGauge.js';

describe('load gauge', () => {
  it('tells a burst from normal traffic, and forgets it once the burst is over', () => {
    let t = 1_000_000;
    const g = new LoadGauge(250, 25, () => t);
    for (let i = 0; i < 10; i++) g.hit();
    expect(g.underLoad()).toBe(false);
    for (let i = 0; i < 30; i++) {
      t += 5;
      g.hit();
    }
    expect(g.underLoad()).toBe(true);
    t += 600;
    expect(g.underLoad()).toBe(false);
  });
});
