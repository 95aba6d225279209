// `keyward api-key …`, shaped like Confluent's `confluent api-key` commands.
import { Option, type Command } from 'commander';
import { ApiClientError } from '../../client/api-client-error.js';
import type { KeywardClient } from '../../client/keyward-client.js';
import { IamV2ApiKey, IamV2ApiKeySpec, IamV2ApiKeySpecUpdate, IamV2ApiKeyUpdate, ObjectReference } from '../../contract/models/index.js';
import { resourceId, resourceReference, type ResourceFlags } from '../api-key-resource.js';
import { API_KEY_COLUMNS, API_KEY_FIELDS, apiKeyRow, withShortDates } from '../api-key-view.js';
import { credentialsPath, readCredentials, writeCredentials } from '../credentials-file.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { confirm } from '../output/confirm.js';
import { outputOption, printLines, printRecord, printRows, printSerialized, type OutputFormat } from '../output/output-format.js';
import { collectWithProgress, progressBar } from '../output/progress-bar.js';
import { renderFields } from '../output/table.js';
import { runPool } from '../run-pool.js';
import { currentOwner, openSession, type Session } from '../session.js';

interface Formatted { output: OutputFormat }

function resourceOptions(command: Command, purpose: string): Command {
  return command
    .option('--resource <id>', `${purpose}: a cluster id (lkc-…, lsrc-…, lksqlc-…), cloud, global, tableflow or flink`)
    .option('--cloud <provider>', 'cloud provider of a flink resource, e.g. aws')
    .option('--region <region>', 'region of a flink resource, e.g. us-east-1')
    .option('--environment <id>', 'environment of the resource, e.g. env-abc123');
}

export function registerApiKeyCommands(program: Command): void {
  const apiKey = program.command('api-key').description('Manage API keys');

  resourceOptions(apiKey.command('create').description('Create an API key; its secret is shown this once'), 'what the key is for')
    .option('--service-account <id>', 'owner of the key (default: the logged-in principal)')
    .option('--display-name <name>', 'name of the key')
    .option('--description <text>', 'description of the key')
    .option('--expires-at <date>', 'last day the key works, YYYY-MM-DD (UTC)')
    .addOption(outputOption())
    .action(async (flags: ResourceFlags & Formatted & { serviceAccount?: string; displayName?: string; description?: string; expiresAt?: string }) => {
      const resource = resourceReference(flags);
      const session = openSession();
      const ownerId = flags.serviceAccount ?? (await currentOwner(session)).id;
      const key = await session.client.createIamV2ApiKey(new IamV2ApiKey({
        spec: new IamV2ApiKeySpec({
          owner: new ObjectReference({ id: ownerId }), resource,
          ...(flags.displayName !== undefined && { displayName: flags.displayName }),
          ...(flags.description !== undefined && { description: flags.description }),
          ...(flags.expiresAt !== undefined && { expiresAt: flags.expiresAt }),
        }),
      }));
      const created = { api_key: key.id ?? '', api_secret: key.spec?.secret ?? '' };
      if (flags.output !== 'human') return printSerialized(flags.output, created);
      process.stderr.write('Save the API key and secret. The secret is not retrievable later.\n');
      // Never cut: a truncated secret is a lost secret.
      printLines(renderFields([['API Key', created.api_key], ['API Secret', created.api_secret]], Number.POSITIVE_INFINITY));
    });

  resourceOptions(apiKey.command('list').description('List API keys'), 'only keys for this resource')
    .option('--service-account <id>', 'only keys owned by this service account')
    .option('--current-user', 'only keys owned by the logged-in principal')
    .option('--show-expired', 'include keys past their expiry date')
    .addOption(outputOption())
    .action(async (flags: ResourceFlags & Formatted & { serviceAccount?: string; currentUser?: boolean; showExpired?: boolean }) => {
      if (flags.serviceAccount && flags.currentUser) throw new CliError('use either --service-account or --current-user', ExitCode.usage);
      const session = openSession();
      const owner = flags.currentUser ? (await currentOwner(session)).id : flags.serviceAccount;
      const listed = await collectWithProgress('Fetching API keys', flags.output === 'human',
        session.client.listAllIamV2ApiKeys({ owner, resource: resourceId(flags), showExpired: flags.showExpired }));
      const keys = listed.filter((key) => !flags.environment || key.spec?.resource?.environment === flags.environment);
      const emails = await userEmails(session.client, keys);
      const rows = keys.map((key) => apiKeyRow(key, emails));
      await printRows(flags.output, flags.output === 'human' ? rows.map(withShortDates) : rows, API_KEY_COLUMNS);
    });

  apiKey.command('describe').description('Describe an API key').argument('<id>', 'API key id')
    .addOption(outputOption())
    .action(async (id: string, flags: Formatted) => {
      const { client } = openSession();
      const key = await client.getIamV2ApiKey(id);
      await printRecord(flags.output, apiKeyRow(key, await userEmails(client, [key])), API_KEY_FIELDS);
    });

  apiKey.command('update').description("Change an API key's description or name").argument('<id>', 'API key id')
    .option('--description <text>', 'new description ("" clears it)')
    .option('--display-name <name>', 'new name ("" clears it)')
    .addOption(outputOption())
    .action(async (id: string, flags: Formatted & { description?: string; displayName?: string }) => {
      if (flags.description === undefined && flags.displayName === undefined) {
        throw new CliError('nothing to update: pass --description or --display-name', ExitCode.usage);
      }
      const { client } = openSession();
      const spec = new IamV2ApiKeySpecUpdate({
        ...(flags.description !== undefined && { description: flags.description }),
        ...(flags.displayName !== undefined && { displayName: flags.displayName }),
      });
      const key = await client.updateIamV2ApiKey(id, new IamV2ApiKeyUpdate({ spec }));
      if (flags.output !== 'human') return printSerialized(flags.output, apiKeyRow(key));
      process.stdout.write(`Updated API key "${id}".\n`);
    });

  apiKey.command('delete').description('Delete API keys (asks first unless --force)').argument('[ids...]', 'API key ids')
    .option('--force', 'do not ask for confirmation')
    .option('--owner <id>', 'with --all: the user or service account whose keys to delete')
    .addOption(new Option('--all', 'delete every key of --owner'))
    .action(async (ids: string[], flags: { force?: boolean; owner?: string; all?: boolean }) => {
      await deleteApiKeys(ids, flags);
    });

  apiKey.command('store').description('Save an API key and its secret on this machine for `api-key use`')
    .argument('<id>', 'API key id').argument('<secret>', 'its secret')
    .option('--resource <id>', 'the resource the key is for (default: asked from the server)')
    .option('--force', 'replace a secret stored before')
    .action(async (id: string, secret: string, flags: { resource?: string; force?: boolean }) => {
      const path = credentialsPath();
      const data = readCredentials(path);
      if (data.stored_keys?.[id] && !flags.force) throw new CliError(`a secret for API key "${id}" is already stored: pass --force to replace it`, ExitCode.usage);
      const resource = resourceId(flags) ?? (await openSession().client.getIamV2ApiKey(id)).spec?.resource?.id ?? 'cloud';
      writeCredentials({ ...data, stored_keys: { ...data.stored_keys, [id]: { api_secret: secret, resource } } }, path);
      process.stdout.write(`Stored secret for API key "${id}".\n`);
    });

  apiKey.command('use').description('Make a stored API key the active one for its resource; a Cloud key becomes the CLI\'s own credentials')
    .argument('<id>', 'API key id (stored with `api-key store`)')
    .action((id: string) => {
      const path = credentialsPath();
      const data = readCredentials(path);
      const stored = data.stored_keys?.[id];
      if (!stored) throw new CliError(`API key "${id}" is not stored: run 'keyward api-key store ${id} <secret>' first`, ExitCode.usage);
      const active = { ...data.active_keys, [stored.resource]: id };
      const ownCredentials = stored.resource === 'cloud' || stored.resource === 'global';
      writeCredentials({ ...data, active_keys: active, ...(ownCredentials && { api_key: id, api_secret: stored.api_secret }) }, path);
      process.stdout.write(ownCredentials ? `Using API key "${id}" for this CLI.\n` : `Using API key "${id}" for resource "${stored.resource}".\n`);
    });
}

/** User id -> email for the users among the keys' owners; empty when the caller may not list users. */
async function userEmails(client: KeywardClient, keys: readonly IamV2ApiKey[]): Promise<Map<string, string>> {
  const emails = new Map<string, string>();
  if (!keys.some((k) => k.spec?.owner?.id.startsWith('u-'))) return emails;
  try {
    for await (const user of client.listAllIamV2Users()) if (user.id && user.email) emails.set(user.id, user.email);
  } catch (err) {
    if (!(err instanceof ApiClientError && err.status === 403)) throw err; // a non-admin sees no emails
  }
  return emails;
}

async function deleteApiKeys(ids: string[], flags: { force?: boolean; owner?: string; all?: boolean }): Promise<void> {
  if (Boolean(flags.all) !== Boolean(flags.owner)) throw new CliError('--all and --owner go together', ExitCode.usage);
  if (flags.all && ids.length > 0) throw new CliError('give API key ids or --owner with --all, not both', ExitCode.usage);
  if (!flags.all && ids.length === 0) throw new CliError('give the ids of the API keys to delete, or --owner with --all', ExitCode.usage);
  const session = openSession();
  const targets = flags.all ? await keysOf(session, flags.owner!) : ids;
  if (targets.length === 0) {
    process.stdout.write(`No API keys owned by ${flags.owner}.\n`);
    return;
  }
  const what = targets.length === 1 ? `API key "${targets[0]}"` : `${targets.length} API keys${flags.owner ? ` owned by ${flags.owner}` : ''}`;
  if (!flags.force && !(await confirm(`Are you sure you want to delete ${what}?`))) {
    process.stderr.write('Nothing deleted.\n');
    return;
  }
  const progress = progressBar('Deleting API keys', { enabled: targets.length > 1, total: targets.length });
  const results = await runPool(targets, 4, (id) => session.client.deleteIamV2ApiKey(id), () => progress.tick());
  progress.done(true);
  const failures = results.filter((r) => r.error !== undefined);
  const deleted = targets.filter((id) => !failures.some((f) => f.item === id));
  if (flags.all) process.stdout.write(`Deleted ${deleted.length} API keys owned by ${flags.owner}.\n`);
  else for (const id of deleted) process.stdout.write(`Deleted API key "${id}".\n`);
  // Every failure gets its line; the last one is thrown so it also decides the exit code.
  for (const failure of failures.slice(0, -1)) process.stderr.write(`Error: ${describeError(failure.error)}\n`);
  if (failures.length > 0) throw failures.at(-1)!.error;
}

async function keysOf(session: Session, owner: string): Promise<string[]> {
  const progress = progressBar(`Finding API keys of ${owner}`, { enabled: true });
  const ids: string[] = [];
  try {
    for await (const key of session.client.listAllIamV2ApiKeys({ owner, showExpired: true })) {
      ids.push(key.id!);
      progress.tick();
    }
  } finally {
    progress.done();
  }
  return ids;
}

function describeError(err: unknown): string {
  return err instanceof ApiClientError ? err.detail : (err as Error).message;
}
