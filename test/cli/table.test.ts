// Table fitting rules, on their own: cheaper to read here than through a terminal capture.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderFields, renderTable, truncate } from '../../src/cli/output/table.js';

describe('renderTable', () => {
  const headers = ['Key', 'Description', 'Owner Email'];
  const rows = [['ABCDEFGHIJKLMNOP', 'a description far too long to fit in the space that is left', '']];

  it('leaves a table that fits as it is, without trailing spaces', () => {
    assert.deepEqual(renderTable(['A', 'B'], [['x', 'y'], ['long', '']], 80), ['A     B', 'x     y', 'long']);
  });

  it('cuts headers wider than their values first, then values, keeping `keep` columns whole', () => {
    const lines = renderTable(headers, rows, 40, [16]);
    assert.deepEqual(lines, ['Key               Description       Own…', 'ABCDEFGHIJKLMNOP  a description f…']);
    for (const line of lines) assert.ok(line.length <= 40);
  });

  it('never cuts for an infinite width (piped output) and flattens newlines', () => {
    assert.deepEqual(renderTable(['A'], [['one\ntwo']], Number.POSITIVE_INFINITY), ['A', 'one two']);
  });

  it('renders fields with aligned labels and cut values', () => {
    assert.deepEqual(renderFields([['Key', 'K'], ['Description', 'x'.repeat(100)]], 30), ['Key:          K', `Description:  ${'x'.repeat(15)}…`]);
    assert.equal(truncate('abcdef', 4), 'abc…');
  });
});
