// Who the CLI talks to and as whom: the environment (KEYWARD_URL, KEYWARD_API_KEY,
// KEYWARD_API_SECRET) wins over the file `keyward login` wrote.
import { KeywardClient } from '../client/keyward-client.js';
import { credentialsPath, readCredentials } from './credentials-file.js';
import { CliError, ExitCode } from './exit-codes.js';

export interface Session {
  client: KeywardClient;
  url: string;
  apiKey: string;
  /** Where the credentials came from, for `whoami`. */
  source: string;
}

export function openSession(env: NodeJS.ProcessEnv = process.env): Session {
  const file = readCredentials(credentialsPath(env));
  const fromEnv = Boolean(env.KEYWARD_API_KEY && env.KEYWARD_API_SECRET);
  const url = env.KEYWARD_URL || file.url;
  const apiKey = fromEnv ? env.KEYWARD_API_KEY : file.api_key;
  const apiSecret = fromEnv ? env.KEYWARD_API_SECRET : file.api_secret;
  if (!url || !apiKey || !apiSecret) {
    throw new CliError("not logged in: run 'keyward login' or set KEYWARD_URL, KEYWARD_API_KEY and KEYWARD_API_SECRET", ExitCode.auth);
  }
  return {
    client: new KeywardClient({ baseUrl: url, apiKey, apiSecret, userAgent: 'keyward-cli' }),
    url,
    apiKey,
    source: fromEnv ? 'environment' : credentialsPath(env),
  };
}

/** The user or service account that owns the session's key (keys may always read themselves). */
export async function currentOwner(session: Session): Promise<{ id: string; kind: string }> {
  const key = await session.client.getIamV2ApiKey(session.apiKey);
  const owner = key.spec?.owner;
  if (!owner) throw new CliError(`API key '${session.apiKey}' has no owner in the server's answer`);
  return { id: owner.id, kind: owner.kind ?? '' };
}
