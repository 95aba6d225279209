// `keyward login`, `logout` and `whoami`: the credentials the other commands use.
import type { Command } from 'commander';
import { KeywardClient } from '../../client/keyward-client.js';
import { credentialsPath, readCredentials, writeCredentials } from '../credentials-file.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { outputOption, printRecord, type OutputFormat } from '../output/output-format.js';
import { currentOwner, openSession } from '../session.js';

interface LoginFlags {
  url?: string;
  apiKey?: string;
  apiSecret?: string;
}

export function registerAuthCommands(program: Command): void {
  program.command('login')
    .description('Check a Cloud API key against a keyward (or Confluent) URL and save it for later commands')
    .option('--url <url>', 'keyward base URL (KEYWARD_URL)')
    .option('--api-key <key>', 'Cloud API key (KEYWARD_API_KEY)')
    .option('--api-secret <secret>', 'its secret (KEYWARD_API_SECRET)')
    .action(async (flags: LoginFlags) => {
      const url = flags.url ?? process.env.KEYWARD_URL;
      const apiKey = flags.apiKey ?? process.env.KEYWARD_API_KEY;
      const apiSecret = flags.apiSecret ?? process.env.KEYWARD_API_SECRET;
      if (!url || !apiKey || !apiSecret) {
        throw new CliError('login needs --url, --api-key and --api-secret (or KEYWARD_URL, KEYWARD_API_KEY, KEYWARD_API_SECRET)', ExitCode.usage);
      }
      try {
        new URL(url);
      } catch {
        throw new CliError(`--url is not a valid URL: ${url}`, ExitCode.usage);
      }
      // Listing environments is allowed to every valid Cloud key, so it checks the credentials alone.
      await new KeywardClient({ baseUrl: url, apiKey, apiSecret, userAgent: 'keyward-cli' }).listOrgV2Environments({ pageSize: 1 });
      const path = credentialsPath();
      writeCredentials({ ...readCredentials(path), url, api_key: apiKey, api_secret: apiSecret }, path);
      process.stdout.write(`Logged in to ${url} with API key "${apiKey}".\n`);
    });

  program.command('logout')
    .description('Forget the saved login (API keys saved with `api-key store` are kept)')
    .action(() => {
      const path = credentialsPath();
      const { url, api_key: _key, api_secret: _secret, ...rest } = readCredentials(path);
      writeCredentials(rest, path);
      process.stdout.write(url ? `Logged out of ${url}.\n` : 'Not logged in.\n');
    });

  program.command('whoami')
    .description('Show the API key the CLI uses, its owner and the URL')
    .addOption(outputOption())
    .action(async (flags: { output: OutputFormat }) => {
      const session = openSession();
      const owner = await currentOwner(session);
      const record = { api_key: session.apiKey, owner: owner.id, owner_kind: owner.kind, url: session.url, source: session.source };
      await printRecord(flags.output, record, [['API Key', 'api_key'], ['Owner', 'owner'], ['Owner Kind', 'owner_kind'], ['URL', 'url'], ['Credentials', 'source']]);
    });
}
