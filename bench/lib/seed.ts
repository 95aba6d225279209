// A throwaway data directory holding one organization with a million API keys, for B4 and B5.
// The schema, the organization, its admin and the admin's key come from keyward itself
// (SqliteStore.migrate and core/bootstrap); the million keys are then bulk-inserted straight
// through better-sqlite3 in one transaction, which takes seconds instead of the hours a million
// HTTP creations would. Their secrets are derived from the key number, so a load can present any
// key's secret without keeping a million of them.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { bootstrap } from '../../src/core/bootstrap.js';
import { systemClock } from '../../src/core/clock.js';
import { SecretHasher } from '../../src/core/key-material.js';
import { deriveServerKeys, type ServerKeys } from '../../src/core/server-keys.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Credentials } from './keyward-server.js';

export interface SeededData {
  dataDir: string;
  keyCount: number;
  serverKeys: ServerKeys;
  admin: Credentials;
  adminUserId: string;
  /** Seconds the bulk insert took. */
  seedSeconds: number;
  remove(): void;
}

const OWNERS = 1000;

/** Ids sort in key-number order and after the admin key's (which starts with 'A'). */
export const seededKeyId = (i: number) => `K${String(i).padStart(15, '0')}`;
/** A legacy-format secret (64 × [A-Za-z0-9+/]): base64 of 48 bytes. */
export const seededSecret = (i: number) => createHash('sha384').update(`keyward-bench-secret-${i}`).digest('base64');
const ownerOf = (i: number) => `sa-bench${String(Math.floor(i / (1_000_000 / OWNERS)) % OWNERS).padStart(4, '0')}`;

export async function seedKeys(keyCount: number): Promise<SeededData> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-bench-1m-'));
  const serverSecret = randomBytes(32);
  writeFileSync(join(dataDir, 'server-secret'), `${serverSecret.toString('hex')}\n`, { mode: 0o600 });
  chmodSync(join(dataDir, 'server-secret'), 0o600);
  const serverKeys = deriveServerKeys(serverSecret);
  const hasher = new SecretHasher(serverKeys.secretHashKey);
  const admin = { keyId: `A${randomBytes(8).toString('hex').toUpperCase().slice(0, 15)}`, secret: randomBytes(48).toString('base64') };

  const file = join(dataDir, 'keyward.db');
  const store = SqliteStore.open(file);
  let orgId: string;
  let adminUserId: string;
  try {
    await store.migrate();
    const outcome = await bootstrap(store, hasher, systemClock, { apiKey: admin.keyId, apiSecret: admin.secret });
    orgId = outcome.organization.id;
    adminUserId = (await store.getCredential(admin.keyId))!.key.ownerId;
  } finally {
    await store.close();
  }

  const started = process.hrtime.bigint();
  const db = new Database(file);
  try {
    // A throwaway directory: durability of the seed itself does not matter.
    db.pragma('synchronous = OFF');
    const now = new Date().toISOString();
    const insertOwner = db.prepare(`INSERT INTO service_accounts (id, org_id, display_name, description, created_at, updated_at, deleted_at)
      VALUES (?, ?, ?, 'benchmark owner', ?, ?, NULL)`);
    const insertKey = db.prepare(`INSERT INTO api_keys (id, org_id, secret_hash, display_name, description, owner_id, owner_kind,
      resource_id, resource_kind, resource_api_version, resource_environment, expires_at, created_by, created_at, updated_at, deleted_at)
      VALUES (?, ?, ?, ?, '', ?, 'ServiceAccount', 'cloud', 'Cloud', 'iam/v2', NULL, NULL, ?, ?, ?, NULL)`);
    db.transaction(() => {
      for (let o = 0; o < OWNERS; o++) {
        const id = `sa-bench${String(o).padStart(4, '0')}`;
        insertOwner.run(id, orgId, id, now, now);
      }
      for (let i = 0; i < keyCount; i++) {
        insertKey.run(seededKeyId(i), orgId, hasher.hash(seededSecret(i)), `bench key ${i}`, ownerOf(i), adminUserId, now, now);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const seedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    dataDir, keyCount, serverKeys, admin, adminUserId, seedSeconds,
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

let million: Promise<SeededData> | undefined;

/** The 1,000,000-key directory, seeded once per `npm run bench` and removed when it exits. */
export function millionKeys(log: (line: string) => void): Promise<SeededData> {
  million ??= (async () => {
    log('seeding 1,000,000 keys into a throwaway data directory …');
    const seeded = await seedKeys(1_000_000);
    log(`seeded in ${seeded.seedSeconds.toFixed(1)} s (${seeded.dataDir})`);
    process.once('exit', () => seeded.remove());
    return seeded;
  })();
  return million;
}
