// Wire details every Confluent client and secret scanner relies on: key ids of 16 [A-Z0-9], secrets
// in Confluent's current format (`cflt` + 54 characters + 6-character CRC32 checksum, which
// trufflehog and GitHub secret scanning validate offline), printable errors[0].detail, and 401
// with `WWW-Authenticate: Basic`.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import {
  API_KEYS, KEY_ID, SECRET, api, assertFailure, createdKey, eachDialect, newServiceAccount, secretChecksum, type Ctx,
} from '../routes/api-keys/fixtures.js';

eachDialect('key material and error wire format', (ctx: Ctx) => {
  it('issues ids of 16 [A-Z0-9] and secrets cflt + 60 base64 characters whose last 6 are the CRC32 checksum', async () => {
    const { t } = ctx;
    const sa = await newServiceAccount(t);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const key = await createdKey(t, { owner: { id: sa } });
      const secret = key.spec.secret!;
      assert.match(key.id, KEY_ID);
      assert.match(secret, SECRET);
      assert.equal(secret.length, 64);
      assert.equal(secret.slice(-6), secretChecksum(secret), `checksum of ${key.id}'s secret`);
      seen.add(secret.slice(4, 58));
    }
    assert.equal(seen.size, 20);
    assert.match(t.admin.keyId, KEY_ID);
    assert.equal(t.admin.secret.slice(-6), secretChecksum(t.admin.secret));
  });

  it('has a checksum check that catches a single changed character', async () => {
    const { t } = ctx;
    const secret = (await createdKey(t, { owner: { id: await newServiceAccount(t) } })).spec.secret!;
    const changed = secret.slice(0, 10) + (secret[10] === 'x' ? 'y' : 'x') + secret.slice(11);
    assert.notEqual(changed.slice(-6), secretChecksum(changed));
  });

  it('answers 401 with WWW-Authenticate: Basic and a printable detail to missing and wrong credentials', async () => {
    const { t } = ctx;
    const bad = { ...t.admin, secret: `${t.admin.secret.slice(0, -1)}${t.admin.secret.endsWith('A') ? 'B' : 'A'}` };
    for (const as of [null, bad]) {
      for (const [method, url] of [['GET', API_KEYS], ['POST', API_KEYS], ['GET', `${API_KEYS}/${t.admin.keyId}`], ['DELETE', `${API_KEYS}/${t.admin.keyId}`]] as const) {
        const res = await api(t, { method, url, as, ...(method === 'POST' && { payload: { spec: { owner: { id: t.admin.principalId } } } }) });
        assertFailure(res, { status: 401, code: 'user_unauthenticated' });
        assert.match(String(res.headers['www-authenticate']), /^Basic /);
      }
    }
  });

  it('gives every error a printable errors[0].detail', async () => {
    const { t } = ctx;
    const cases = [
      [await api(t, { method: 'GET', url: `${API_KEYS}?page_size=1000` }), { status: 400, code: 'invalid_parameter', parameter: 'page_size' }],
      [await api(t, { method: 'POST', url: API_KEYS, payload: { spec: { owner: { id: 'u-ghost00' } } } }), { status: 422, code: 'invalid_configuration', pointer: '/spec/owner/id' }],
      [await api(t, { method: 'GET', url: `${API_KEYS}/NOPENOPENOPENOPE` }), { status: 404, code: 'not_found' }],
      [await api(t, { method: 'POST', url: API_KEYS, payload: { spec: { owner: { id: t.admin.principalId } } }, as: await t.createUserWithKey() }), { status: 403, code: 'user_unauthorized' }],
    ] as const;
    for (const [res, expected] of cases) assertFailure(res, expected);
  });
});
