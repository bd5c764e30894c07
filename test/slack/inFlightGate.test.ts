import { describe, expect, it } from 'vitest';
import { InFlightGate } from '../../src/slack/inFlightGate.js';

describe('in-flight gate', () => {
  it('never runs more than its limit at once, and lets waiting work in as slots free up', async () => {
    const gate = new InFlightGate(3);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const tasks = Array.from({ length: 10 }, () =>
      gate.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => releases.push(r));
        running -= 1;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(running).toBe(3);
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(tasks);
    expect(peak).toBe(3);
    expect(gate.inFlight).toBe(0);
  });

  it('gives the slot back when the work fails, however it fails', async () => {
    const gate = new InFlightGate(1);
    await expect(gate.run(() => Promise.reject(new Error('async failure')))).rejects.toThrow('async failure');
    await expect(
      gate.run(() => {
        throw new Error('sync failure');
      }),
    ).rejects.toThrow('sync failure');
    expect(gate.inFlight).toBe(0);
    await expect(gate.run(async () => 'still works')).resolves.toBe('still works');
  });
});
