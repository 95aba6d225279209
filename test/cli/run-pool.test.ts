// The CLI's bulk runner (src/cli/run-pool.ts): a few tasks at a time, progress as each settles,
// and results in the order of the items, however the tasks finish.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runPool } from '../../src/cli/run-pool.js';

describe('runPool', () => {
  it('returns the results in the order of the items, failures included, while reporting them as they settle', async () => {
    // Later items finish first: item i takes (6 - i) × 10 ms; odd items fail.
    const items = [0, 1, 2, 3, 4, 5];
    const settledOrder: number[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const results = await runPool(items, 3, async (i) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep((6 - i) * 10);
      running--;
      if (i % 2 === 1) throw new Error(`item ${i} failed`);
    }, (s) => settledOrder.push(s.item));

    assert.deepEqual(results.map((r) => r.item), items);
    assert.deepEqual(results.map((r) => (r.error as Error | undefined)?.message), [undefined, 'item 1 failed', undefined, 'item 3 failed', undefined, 'item 5 failed']);
    assert.notDeepEqual(settledOrder, items, 'the tasks did finish out of order');
    assert.deepEqual([...settledOrder].sort(), items);
    assert.equal(mostAtOnce, 3);
  });
});
