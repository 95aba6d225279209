// The credential cache's map: bounded, and it keeps what is used over what is not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedLru } from '../../src/core/bounded-lru.js';

const keys = (lru: BoundedLru<number>, candidates: string[]) => candidates.filter((k) => lru.get(k) !== undefined);

describe('BoundedLru', () => {
  it('never holds more than its maximum and forgets the oldest unused entry first', () => {
    const lru = new BoundedLru<number>(3);
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) lru.set(k, i);
    assert.equal(lru.size, 3);
    assert.equal(lru.get('a'), undefined);
    assert.deepEqual(keys(lru, ['b', 'c', 'd']), ['b', 'c', 'd']);
  });

  it('keeps an entry that was used since it was stored, evicting an unused younger one instead', () => {
    const lru = new BoundedLru<number>(3);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('c', 3);
    lru.get('a');
    lru.set('d', 4);
    assert.equal(lru.get('a'), 1, 'a was used: it gets a second chance');
    assert.equal(lru.get('b'), undefined, 'b was the oldest unused entry');
    lru.set('e', 5);
    // a's second chance was spent when d came in; its later get above used it again.
    assert.equal(lru.size, 3);
    assert.equal(lru.get('c'), undefined);
  });

  it('stays bounded and keeps the hot keys under a stream of one-off keys', () => {
    const lru = new BoundedLru<number>(100);
    const hot = Array.from({ length: 10 }, (_, i) => `hot-${i}`);
    for (const k of hot) lru.set(k, 0);
    for (let i = 0; i < 10_000; i++) {
      for (const k of hot) assert.equal(lru.get(k), 0);
      lru.set(`cold-${i}`, i);
      assert.ok(lru.size <= 100);
    }
    assert.deepEqual(keys(lru, hot), hot);
  });

  it('replaces a value, deletes, deletes by predicate, clears, and stores nothing at size 0', () => {
    const lru = new BoundedLru<number>(10);
    lru.set('a', 1);
    lru.set('a', 2);
    assert.equal(lru.get('a'), 2);
    assert.equal(lru.size, 1);
    lru.set('b', 3);
    lru.set('c', 4);
    lru.delete('b');
    lru.deleteWhere((v) => v === 4);
    assert.deepEqual(keys(lru, ['a', 'b', 'c']), ['a']);
    lru.clear();
    assert.equal(lru.size, 0);
    const off = new BoundedLru<number>(0);
    off.set('a', 1);
    assert.equal(off.get('a'), undefined);
  });
});
