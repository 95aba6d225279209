// The CLI's one file of local state: the login (URL, API key, secret) and the API keys stored with
// `keyward api-key store`. It holds secrets, so it is written with mode 0600 in a 0700 directory,
// replaced atomically so a crash never leaves half a file.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './exit-codes.js';

export interface StoredKey {
  api_secret: string;
  /** The resource the key is for (`cloud`, `lkc-…`), so `use` knows what it becomes active for. */
  resource: string;
}

export interface CredentialsData {
  url?: string;
  api_key?: string;
  api_secret?: string;
  stored_keys?: Record<string, StoredKey>;
  /** Resource id -> the stored key in use for it. */
  active_keys?: Record<string, string>;
}

/** `$KEYWARD_CONFIG_DIR`, else `$XDG_CONFIG_HOME/keyward`, else `~/.config/keyward`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KEYWARD_CONFIG_DIR) return env.KEYWARD_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'keyward');
}

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'credentials.json');
}

export function readCredentials(path = credentialsPath()): CredentialsData {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CredentialsData;
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Writes the file (or removes it when nothing is left in it). */
export function writeCredentials(data: CredentialsData, path = credentialsPath()): void {
  const empty = !data.api_key && Object.keys(data.stored_keys ?? {}).length === 0;
  if (empty) {
    rmSync(path, { force: true });
    return;
  }
  const dir = join(path, '..');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600); // the umask may have narrowed the mode, never widened it; be explicit anyway
  renameSync(temp, path);
}
