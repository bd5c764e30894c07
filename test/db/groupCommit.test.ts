import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/db/groupCommit.js';

/** A writer whose statements finish only when the test says so, recording each statement's items. */
const turn = () => new Promise((r) => setImmediate(r));

function controlledWriter<I>(fail?: (items: I[]) => boolean) {
  const statements: I[][] = [];
  const pending: (() => void)[] = [];
  const write = (items: I[]) =>
    new Promise<unknown[]>((resolve, reject) => {
      statements.push(items);
      pending.push(() => (fail?.(items) ? reject(new Error(`bad batch ${String(items)}`)) : resolve(items.map((i) => `done ${String(i)}`))));
    });
  /** Finishes the oldest running statement and lets the writer start the next one. */
  const finishNext = async () => {
    pending.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { statements, write, finishNext };
}

describe('group commit', () => {
  it('writes what arrived in one turn of the event loop together, and groups what arrives while a statement runs', async () => {
    const w = controlledWriter<number>();
    const gc = new GroupCommit<number, string>({ write: w.write, maxInFlight: 1 });
    const first = [gc.write(0), gc.write(1)];
    expect(w.statements).toEqual([]);
    await turn();
    expect(w.statements).toEqual([[0, 1]]);
    const rest = [2, 3, 4].map((i) => gc.write(i));
    await turn();
    expect(w.statements).toEqual([[0, 1]]);
    await w.finishNext();
    expect(w.statements).toEqual([[0, 1], [2, 3, 4]]);
    await w.finishNext();
    expect(await Promise.all(first)).toEqual(['done 0', 'done 1']);
    expect(await Promise.all(rest)).toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('keeps statements within maxBatch', async () => {
    const w = controlledWriter<number>();
    const gc = new GroupCommit<number, string>({ write: w.write, maxInFlight: 1, maxBatch: 2 });
    const all = [1, 2, 3, 4, 5].map((i) => gc.write(i));
    await turn();
    for (let i = 0; i < 3; i++) await w.finishNext();
    expect(w.statements).toEqual([[1, 2], [3, 4], [5]]);
    expect(await Promise.all(all)).toHaveLength(5);
  });

  it('never puts two items with the same key in one statement', async () => {
    const w = controlledWriter<string>();
    const gc = new GroupCommit<string, string>({ write: w.write, maxInFlight: 1, keyOf: (s) => s.split(':')[0]! });
    const all = ['a:1', 'a:2', 'b:1', 'a:3', 'c:1'].map((s) => gc.write(s));
    await turn();
    for (let i = 0; i < 3; i++) await w.finishNext();
    expect(w.statements).toEqual([['a:1', 'b:1', 'c:1'], ['a:2'], ['a:3']]);
    expect(await Promise.all(all)).toEqual(['done a:1', 'done a:2', 'done b:1', 'done a:3', 'done c:1']);
  });

  it('when a shared statement fails, retries each item alone so only the bad one fails', async () => {
    const w = controlledWriter<number>((items) => items.includes(13));
    const gc = new GroupCommit<number, string>({ write: w.write, maxInFlight: 1 });
    const first = gc.write(1);
    await turn();
    const results = [12, 13, 14].map((i) => gc.write(i).then((v) => v, (e: Error) => e.message));
    // [1], then [12, 13, 14] fails, then each of 12, 13, 14 alone.
    for (let i = 0; i < 5; i++) await w.finishNext();
    expect(await first).toBe('done 1');
    expect(await Promise.all(results)).toEqual(['done 12', 'bad batch 13', 'done 14']);
    expect(w.statements).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });
});
