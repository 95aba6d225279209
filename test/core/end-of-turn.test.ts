// EndOfTurn decides when the stores' group commits and the response batch run what they queued:
// once at the end of the event loop's turn, however many writes asked for it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { EndOfTurn } from '../../src/core/end-of-turn.js';

describe('EndOfTurn', () => {
  it('runs once at the end of the turn, however often it was asked in it', async () => {
    let runs = 0;
    const endOfTurn = new EndOfTurn(() => runs++);
    for (let i = 0; i < 5; i++) endOfTurn.request();
    await Promise.resolve();
    assert.equal(runs, 0, 'not before the turn ends (microtasks run first)');
    await nextTurn();
    assert.equal(runs, 1);
  });

  it('runs again when asked in a later turn, including from the run itself', async () => {
    let runs = 0;
    const endOfTurn: EndOfTurn = new EndOfTurn(() => {
      runs++;
      if (runs === 1) endOfTurn.request();
    });
    endOfTurn.request();
    await nextTurn();
    await nextTurn();
    assert.equal(runs, 2);
    endOfTurn.request();
    await nextTurn();
    assert.equal(runs, 3);
  });
});
