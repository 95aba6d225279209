// Where a NUL was found, as the 422's pointer names it: the string holding it, or the object
// whose property name holds it; nothing for a body without one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nulInBody } from '../../src/server/plugins/reject-nul.js';

const pointerOf = (body: unknown) => nulInBody(body)?.source;

describe('nulInBody', () => {
  it('finds nothing in a body without NUL, however nested', () => {
    assert.equal(nulInBody({ spec: { owner: { id: 'sa-1' }, tags: ['a', 'b', { c: [1, null, true] }] } }), undefined);
    assert.equal(nulInBody(null), undefined);
    assert.equal(nulInBody(42), undefined);
  });

  it('names the string holding a NUL, array indexes included', () => {
    assert.deepEqual(pointerOf({ spec: { tags: ['a', { c: ['x', 'y\u0000'] }] } }), { pointer: '/spec/tags/1/c/1' });
    assert.deepEqual(pointerOf({ a: 'ok', b: '\u0000' }), { pointer: '/b' });
  });

  it('names the object whose property name holds a NUL, and the root as /', () => {
    assert.deepEqual(pointerOf({ spec: { ['x\u0000']: 1 } }), { pointer: '/spec' });
    assert.deepEqual(pointerOf({ ['\u0000']: 1 }), { pointer: '/' });
    assert.deepEqual(pointerOf('a\u0000'), { pointer: '/' });
  });

  it('says which property in its detail', () => {
    assert.equal(nulInBody({ spec: { display_name: 'a\u0000' } })?.message, "The property '/spec/display_name' contains a NUL character");
  });
});
