// The `keyward` command line: builds the command tree, runs it, and turns every failure into one
// `Error: …` line and a documented exit code (see exit-codes.ts).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ApiClientError } from '../client/api-client-error.js';
import { registerApiKeyCommands } from './commands/api-key.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerAuthCommands } from './commands/auth.js';
import { registerServerCommands } from './commands/serve.js';
import { registerServiceAccountCommands } from './commands/service-account.js';
import { registerUserCommands } from './commands/user.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';

export interface ProgramHooks {
  /** Called once `keyward serve` is listening: the process must then stay up. */
  onServing?: () => void;
}

export function buildProgram(hooks: ProgramHooks = {}): Command {
  const program = new Command('keyward')
    .description("Self-hosted API keys that speak Confluent Cloud's iam/v2 API")
    .version(packageVersion())
    .option('--verbose', 'print the request id (and more) with errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander's own usage errors become the same one line as every other error.
      outputError: (message, write) => write(`Error: ${oneLine(message.replace(/^error:\s*/i, ''))}\n`),
    });
  registerServerCommands(program, hooks.onServing ?? (() => {}));
  registerAuthCommands(program);
  registerApiKeyCommands(program);
  registerServiceAccountCommands(program);
  registerUserCommands(program);
  registerAuditCommands(program);
  return program;
}

/** How a run ended: its exit code, and whether a server is now running in this process. */
export interface RunResult {
  exitCode: number;
  serving: boolean;
}

/** Runs `keyward` with `argv` (as in `process.argv`). */
export async function run(argv: readonly string[]): Promise<RunResult> {
  let serving = false;
  const program = buildProgram({ onServing: () => { serving = true; } });
  try {
    await program.parseAsync([...argv]);
    return { exitCode: ExitCode.ok, serving };
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end with 0; everything else Commander reports is a usage error it already printed.
      const ok = err.code === 'commander.helpDisplayed' || err.code === 'commander.version';
      return { exitCode: ok ? ExitCode.ok : ExitCode.usage, serving: false };
    }
    report(err, Boolean(program.opts().verbose));
    return { exitCode: exitCodeFor(err), serving: false };
  }
}

function report(err: unknown, verbose: boolean): void {
  const detail = err instanceof ApiClientError ? err.detail : err instanceof Error ? err.message : String(err);
  process.stderr.write(`Error: ${oneLine(detail)}\n`);
  if (!verbose) return;
  if (err instanceof ApiClientError) {
    process.stderr.write(`Request ID: ${err.requestId ?? 'none'} (HTTP ${err.status}, ${err.code})\n`);
  } else if (err instanceof Error && err.name !== 'CliError' && err.stack) {
    process.stderr.write(`${err.stack}\n`);
  }
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/** The version in the package.json above this file (src/cli when run from source, dist/src/cli when built). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return (JSON.parse(readFileSync(candidate, 'utf8')) as { version?: string }).version ?? '0.0.0';
    const parent = dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}
