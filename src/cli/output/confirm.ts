// Asks a yes/no question on stderr and reads the answer from stdin, so `yes | keyward …` works.
import { createInterface } from 'node:readline';
import { CliError, ExitCode } from '../exit-codes.js';

/** True for y/yes; false for any other answer; a CliError (usage) when stdin ends unanswered. */
export async function confirm(question: string): Promise<boolean> {
  process.stderr.write(`${question} (y/n): `);
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    const answer = await new Promise<string | undefined>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(undefined));
    });
    // A typed answer ends the prompt's line itself; a piped one does not.
    if (!process.stdin.isTTY || answer === undefined) process.stderr.write('\n');
    if (answer === undefined) {
      throw new CliError('no confirmation on standard input: answer y, or pass --force', ExitCode.usage);
    }
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}
