// A restart on the same data finds every key, keeps the one admin, and honours stored state over
// the bootstrap variables.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyId, generateSecret } from '../../src/core/key-material.js';
import { loadConfig } from '../../src/server/config.js';
import { startKeyward } from '../../src/server/keyward.js';
import { dialects } from '../helpers/dialects.js';
import { basicAuth, createTestApp } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`restart on the same data (${dialect})`, () => {
    it('finds every key, which still authenticates, and creates no second admin', async () => {
      const t = await createTestApp(dialect);
      try {
        const keys = [];
        for (let i = 0; i < 5; i++) keys.push(await t.createUserWithKey(`restart-${i}`));
        const usersBefore = (await t.request({ method: 'GET', url: '/iam/v2/users?page_size=100' })).json().data;
        await t.keyward.app.close();

        const store = await t.db.reopen();
        const again = await startKeyward(t.config, { logger: false, store });
        try {
          assert.equal(again.bootstrap.created, false);
          assert.equal((again.bootstrap as { warning?: string }).warning, undefined);
          for (const key of keys) {
            const res = await again.app.inject({ method: 'GET', url: `/iam/v2/api-keys/${key.keyId}`,
              headers: { authorization: basicAuth(key.keyId, key.secret) } });
            assert.equal(res.statusCode, 200, res.body);
            assert.equal(res.json().spec.owner.id, key.principalId);
          }
          const usersAfter = await again.app.inject({ method: 'GET', url: '/iam/v2/users?page_size=100',
            headers: { authorization: basicAuth(t.admin.keyId, t.admin.secret) } });
          assert.deepEqual(usersAfter.json().data, usersBefore);
          assert.equal(usersAfter.json().data.filter((u: { email: string }) => u.email === 'admin@keyward.local').length, 1);
        } finally {
          await again.app.close();
        }
      } finally {
        await t.close();
      }
    });

    it('warns when the bootstrap variables no longer match and keeps the stored admin key', async () => {
      const t = await createTestApp(dialect);
      try {
        await t.keyward.app.close();
        const config = loadConfig({ KEYWARD_DATA_DIR: t.db.dataDir, KEYWARD_BOOTSTRAP_API_KEY: generateKeyId(),
          KEYWARD_BOOTSTRAP_API_SECRET: generateSecret() });
        const again = await startKeyward(config, { logger: false, store: await t.db.reopen() });
        try {
          assert.equal(again.bootstrap.created, false);
          assert.match((again.bootstrap as { warning?: string }).warning ?? '', /do not match a live key/);
          const res = await again.app.inject({ method: 'GET', url: '/iam/v2/api-keys',
            headers: { authorization: basicAuth(t.admin.keyId, t.admin.secret) } });
          assert.equal(res.statusCode, 200);
        } finally {
          await again.app.close();
        }
      } finally {
        await t.close();
      }
    });
  });
}
