// The baseline of B3: what better-sqlite3 itself sustains when every row is its own durable commit
// (WAL, synchronous = FULL, as keyward's store), on the same filesystem and core as keyward. One
// api_keys row per autocommit INSERT, into keyward's schema, with ids drawn as keyward draws them
// (random, so each row lands on its own index pages, as keyward's do); bounded by
// BENCH_DURATION_MS and BENCH_MAX_COMMITS; prints `{"commits":…,"seconds":…}`.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { generateKeyId } from '../../src/core/key-material.js';
import { migrations } from '../../src/store/sqlite/sqlite-migrations.js';

const durationMs = Number(process.env.BENCH_DURATION_MS ?? 3000);
const maxCommits = Number(process.env.BENCH_MAX_COMMITS ?? 1_000_000);
const dir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'keyward-bench-raw-'));
try {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  for (const m of migrations) db.exec(m.sql);
  db.prepare("INSERT INTO organizations VALUES ('org', 'org', '2025-01-01T00:00:00.000Z')").run();
  const insert = db.prepare(`INSERT INTO api_keys (id, org_id, secret_hash, display_name, description, owner_id, owner_kind,
    resource_id, resource_kind, resource_api_version, resource_environment, expires_at, created_by, created_at, updated_at, deleted_at)
    VALUES (?, 'org', ?, 'bench', '', 'sa-bench', 'ServiceAccount', 'cloud', 'Cloud', 'iam/v2', NULL, NULL, 'u-admin', ?, ?, NULL)`);
  const hash = createHash('sha256').update('x').digest();
  // Warm-up: the first commits create the WAL file.
  for (let i = 0; i < 50; i++) insert.run(generateKeyId(), hash, new Date().toISOString(), new Date().toISOString());
  const start = process.hrtime.bigint();
  const end = start + BigInt(durationMs) * 1_000_000n;
  let commits = 0;
  while (commits < maxCommits && process.hrtime.bigint() < end) {
    const now = new Date().toISOString();
    insert.run(generateKeyId(), hash, now, now);
    commits++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  process.stdout.write(`${JSON.stringify({ commits, seconds })}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
