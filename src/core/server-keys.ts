// The server secret from which keyward derives its hashing and token-signing keys. It lives in the
// data directory (mode 0600), never in the database, so a leaked database alone reveals nothing.
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerKeys {
  secretHashKey: Buffer;
  pageTokenKey: Buffer;
}

const FILE_NAME = 'server-secret';

export function deriveServerKeys(serverSecret: Buffer): ServerKeys {
  const derive = (purpose: string) => createHmac('sha256', serverSecret).update(purpose).digest();
  return {
    secretHashKey: derive('keyward/secret-hash/v1'),
    pageTokenKey: derive('keyward/page-token/v1'),
  };
}

/** Reads the server secret from `dataDir`, creating it (0600) on first start. */
export function loadOrCreateServerSecret(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, FILE_NAME);
  try {
    const hex = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} is not a 64-character hex secret`);
    return Buffer.from(hex, 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile; then we read theirs.
  try {
    writeFileSync(path, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateServerSecret(dataDir);
    throw err;
  }
  chmodSync(path, 0o600);
  return secret;
}
