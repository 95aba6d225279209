// `keyward user …`, like Confluent's `confluent iam user`; `create` uses keyward's extension
// (Confluent invites users instead).
import type { Command } from 'commander';
import { IamV2User } from '../../contract/models/index.js';
import { confirm } from '../output/confirm.js';
import { outputOption, printRecord, printRows, type OutputFormat } from '../output/output-format.js';
import { collectWithProgress } from '../output/progress-bar.js';
import { openSession } from '../session.js';

interface Formatted { output: OutputFormat }

const row = (user: IamV2User) => ({
  id: user.id ?? '', email: user.email ?? '', full_name: user.fullName ?? '', auth_type: user.authType ?? '', created: user.metadata?.createdAt ?? '',
});
const COLUMNS = [['ID', 'id'], ['Email', 'email'], ['Full Name', 'full_name'], ['Auth Type', 'auth_type']] as const;
const FIELDS = [...COLUMNS, ['Created', 'created']] as const;

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Manage users');

  user.command('create').description('Create a user (a keyward extension; Confluent Cloud invites users)')
    .argument('<email>', "the user's email address")
    .requiredOption('--full-name <name>', "the user's full name")
    .option('--admin', 'make the user an OrganizationAdmin')
    .addOption(outputOption())
    .action(async (email: string, flags: Formatted & { fullName: string; admin?: boolean }) => {
      const created = await openSession().client.createIamV2User(new IamV2User({ email, fullName: flags.fullName }),
        flags.admin ? { role: 'OrganizationAdmin' } : {});
      await printRecord(flags.output, row(created), FIELDS);
    });

  user.command('list').description('List users')
    .addOption(outputOption())
    .action(async (flags: Formatted) => {
      const users = await collectWithProgress('Fetching users', flags.output === 'human', openSession().client.listAllIamV2Users());
      await printRows(flags.output, users.map(row), COLUMNS);
    });

  user.command('describe').description('Describe a user').argument('<id>', 'user id (u-…)')
    .addOption(outputOption())
    .action(async (id: string, flags: Formatted) => {
      await printRecord(flags.output, row(await openSession().client.getIamV2User(id)), FIELDS);
    });

  user.command('update').description("Change a user's full name").argument('<id>', 'user id (u-…)')
    .requiredOption('--full-name <name>', 'new full name')
    .addOption(outputOption())
    .action(async (id: string, flags: Formatted & { fullName: string }) => {
      await printRecord(flags.output, row(await openSession().client.updateIamV2User(id, new IamV2User({ fullName: flags.fullName }))), FIELDS);
    });

  user.command('delete').description('Delete a user and all the user\'s API keys (asks first unless --force)')
    .argument('<id>', 'user id (u-…)')
    .option('--force', 'do not ask for confirmation')
    .action(async (id: string, flags: { force?: boolean }) => {
      const { client } = openSession();
      if (!flags.force && !(await confirm(`Are you sure you want to delete user "${id}" and the user's API keys?`))) {
        process.stderr.write('Nothing deleted.\n');
        return;
      }
      await client.deleteIamV2User(id);
      process.stdout.write(`Deleted user "${id}".\n`);
    });
}
