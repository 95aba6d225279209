// `keyward service-account …`, like Confluent's `confluent iam service-account`.
import type { Command } from 'commander';
import { IamV2ServiceAccount } from '../../contract/models/index.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { confirm } from '../output/confirm.js';
import { outputOption, printRecord, printRows, type OutputFormat } from '../output/output-format.js';
import { collectWithProgress } from '../output/progress-bar.js';
import { openSession } from '../session.js';

interface Formatted { output: OutputFormat }

const row = (sa: IamV2ServiceAccount) => ({
  id: sa.id ?? '', name: sa.displayName ?? '', description: sa.description ?? '', created: sa.metadata?.createdAt ?? '',
});
const COLUMNS = [['ID', 'id'], ['Name', 'name'], ['Description', 'description']] as const;
const FIELDS = [...COLUMNS, ['Created', 'created']] as const;

export function registerServiceAccountCommands(program: Command): void {
  const sa = program.command('service-account').description('Manage service accounts');

  sa.command('create').description('Create a service account').argument('<name>', 'display name, unique in the organization')
    .option('--description <text>', 'what the account is for', '')
    .addOption(outputOption())
    .action(async (name: string, flags: Formatted & { description: string }) => {
      const created = await openSession().client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: name, description: flags.description }));
      await printRecord(flags.output, row(created), FIELDS);
    });

  sa.command('list').description('List service accounts')
    .addOption(outputOption())
    .action(async (flags: Formatted) => {
      const accounts = await collectWithProgress('Fetching service accounts', flags.output === 'human',
        openSession().client.listAllIamV2ServiceAccounts());
      await printRows(flags.output, accounts.map(row), COLUMNS);
    });

  sa.command('describe').description('Describe a service account').argument('<id>', 'service account id (sa-…)')
    .addOption(outputOption())
    .action(async (id: string, flags: Formatted) => {
      await printRecord(flags.output, row(await openSession().client.getIamV2ServiceAccount(id)), FIELDS);
    });

  sa.command('update').description("Change a service account's description or name").argument('<id>', 'service account id (sa-…)')
    .option('--description <text>', 'new description')
    .option('--display-name <name>', 'new display name')
    .addOption(outputOption())
    .action(async (id: string, flags: Formatted & { description?: string; displayName?: string }) => {
      if (flags.description === undefined && flags.displayName === undefined) {
        throw new CliError('nothing to update: pass --description or --display-name', ExitCode.usage);
      }
      const update = new IamV2ServiceAccount({
        ...(flags.description !== undefined && { description: flags.description }),
        ...(flags.displayName !== undefined && { displayName: flags.displayName }),
      });
      await printRecord(flags.output, row(await openSession().client.updateIamV2ServiceAccount(id, update)), FIELDS);
    });

  sa.command('delete').description('Delete a service account and all its API keys (asks first unless --force)')
    .argument('<id>', 'service account id (sa-…)')
    .option('--force', 'do not ask for confirmation')
    .action(async (id: string, flags: { force?: boolean }) => {
      const { client } = openSession();
      if (!flags.force && !(await confirm(`Are you sure you want to delete service account "${id}" and its API keys?`))) {
        process.stderr.write('Nothing deleted.\n');
        return;
      }
      await client.deleteIamV2ServiceAccount(id);
      process.stdout.write(`Deleted service account "${id}".\n`);
    });
}
