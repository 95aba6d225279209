// `keyward audit list`: the organization's audit log (GET /keyward/v1/audit-events), for
// administrators. keyward's own; Confluent's CLI has no such command.
import type { Command } from 'commander';
import type { AuditEvent } from '../../client/audit-event.js';
import { outputOption, printRows, printSerialized, type OutputFormat } from '../output/output-format.js';
import { collectWithProgress } from '../output/progress-bar.js';
import { openSession } from '../session.js';

interface ListFlags {
  output: OutputFormat;
  actor?: string;
  action?: string;
  target?: string;
  newestFirst?: boolean;
}

// Details are kept whole for -o json|yaml; in a table they are one line of JSON.
const row = (event: AuditEvent) => ({
  id: event.id, at: event.at, actor: event.actor_id, action: event.action, target_kind: event.target_kind,
  target: event.target_id, details: event.details,
});
const COLUMNS = [['At', 'at'], ['Actor', 'actor'], ['Action', 'action'], ['Target Kind', 'target_kind'], ['Target', 'target'],
  ['Details', 'details_line']] as const;

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description("Read the organization's audit log (OrganizationAdmins)");

  audit.command('list').description('List audit events, oldest first (or newest first)')
    .option('--actor <id>', 'only changes made with keys of this user or service account')
    .option('--action <action>', 'only this action, e.g. api_key.delete')
    .option('--target <id>', 'only changes to this key, service account, user or environment')
    .option('--newest-first', 'start from the latest change')
    .addOption(outputOption())
    .action(async (flags: ListFlags) => {
      const events = await collectWithProgress('Fetching audit events', flags.output === 'human',
        openSession().client.listAllKeywardV1AuditEvents({
          actorId: flags.actor, action: flags.action, targetId: flags.target, order: flags.newestFirst ? 'newest_first' : undefined,
        }));
      const rows = events.map(row);
      if (flags.output !== 'human') return printSerialized(flags.output, rows);
      await printRows(flags.output, rows.map((r) => ({ ...r, details_line: JSON.stringify(r.details) })), COLUMNS);
    });
}
