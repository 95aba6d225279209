// `keyward serve` and `keyward migrate`: the server side of the binary. Both load the server and
// the database drivers with a dynamic import, so the SDK and the client commands never load them.
import type { Command } from 'commander';
import { CliError, ExitCode } from '../exit-codes.js';

interface ServerFlags {
  host?: string;
  port?: string;
  dataDir?: string;
  publicUrl?: string;
  databaseUrl?: string;
  logLevel?: string;
}

const FLAG_NAMES: Record<keyof ServerFlags, string> = {
  host: '--host', port: '--port', dataDir: '--data-dir', publicUrl: '--public-url', databaseUrl: '--database-url', logLevel: '--log-level',
};

/** Back to the flags `serve(argv)` and `loadConfig(env, argv)` parse themselves. */
function toArgv(flags: ServerFlags): string[] {
  return Object.entries(flags).flatMap(([name, value]) =>
    value === undefined ? [] : [FLAG_NAMES[name as keyof ServerFlags], String(value)]);
}

function storageOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'SQLite database and server secret directory (KEYWARD_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL URL instead of SQLite (KEYWARD_DATABASE_URL)');
}

/** `onServing` is told once the server listens, so the caller keeps the process alive. */
export function registerServerCommands(program: Command, onServing: () => void): void {
  storageOptions(program.command('serve').description('Start the keyward server (flags beat KEYWARD_* variables)'))
    .option('--host <host>', 'address to listen on (KEYWARD_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (KEYWARD_PORT, default 8080)')
    .option('--public-url <url>', 'base URL of links in responses (KEYWARD_PUBLIC_URL)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (KEYWARD_LOG_LEVEL)')
    .action(async (flags: ServerFlags) => {
      const { serve } = await import('../../server/main.js');
      await serve(toArgv(flags), process.env);
      onServing();
    });

  storageOptions(program.command('migrate').description('Bring the database schema up to date, then exit'))
    .action(async (flags: Pick<ServerFlags, 'dataDir' | 'databaseUrl'>) => {
      const { loadConfig, ConfigError } = await import('../../server/config.js');
      const { openStore } = await import('../../store/open-store.js');
      let config;
      try {
        config = loadConfig(process.env, toArgv(flags));
      } catch (err) {
        if (err instanceof ConfigError) throw new CliError(`invalid configuration: ${err.message}`, ExitCode.usage);
        throw err;
      }
      const store = openStore(config);
      try {
        await store.migrate();
      } finally {
        await store.close();
      }
      const where = config.databaseUrl ? redactPassword(config.databaseUrl) : `${config.dataDir}/keyward.db`;
      process.stdout.write(`Database schema is up to date (${store.dialect}: ${where}).\n`);
    });
}

function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
