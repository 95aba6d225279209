// The tests read the project's copies of Confluent's OpenAPI documents (test/contracts/confluent),
// so that a clone anywhere can run them. Where the shared originals sit beside the repository, the
// copies must be byte for byte the same: an updated contract fails here until it is copied in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { CONTRACT_DOCUMENTS, CONTRACTS_DIR, SHARED_CONTRACTS_DIR } from '../helpers/contracts.js';

const shared = existsSync(SHARED_CONTRACTS_DIR);

describe("the project's copies of Confluent's OpenAPI documents", () => {
  for (const file of CONTRACT_DOCUMENTS) {
    it(`${file} is present`, () => {
      assert.match(readFileSync(new URL(file, CONTRACTS_DIR), 'utf8'), /^openapi: 3\./m);
    });
    it(`${file} equals the shared original`, { skip: shared ? false : '../shared/confluent is not beside this clone' }, () => {
      assert.ok(readFileSync(new URL(file, CONTRACTS_DIR)).equals(readFileSync(new URL(file, SHARED_CONTRACTS_DIR))),
        `test/contracts/confluent/${file} differs from ../shared/confluent/${file}: copy the new version in`);
    });
  }
});
