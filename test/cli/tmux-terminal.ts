// Drives a shell inside a real pseudo-terminal with tmux (80x24, its own server socket), so the
// CLI sees a terminal on stdin, stdout and stderr exactly as a person's shell would give it.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

export class TmuxTerminal {
  private readonly socket = `keyward-test-${process.pid}-${Date.now()}`;

  /** Calls tmux without blocking: the keyward under test answers from this same process. */
  private tmux(...args: string[]): Promise<{ stdout: string }> {
    return run('tmux', ['-L', this.socket, '-u', ...args], { encoding: 'utf8' });
  }

  async start(): Promise<void> {
    await this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'kw', '-x', '80', '-y', '24', 'bash --norc --noprofile');
    // After each command the shell signals the channel `done`, which waitForPrompt() waits on.
    await this.type(`PROMPT_COMMAND='tmux -L ${this.socket} wait-for -S done'; PS1='$ '`);
    await this.waitForPrompt();
  }

  /** Types a line and presses Enter. */
  async type(line: string): Promise<void> {
    await this.tmux('send-keys', '-t', 'kw', '-l', line);
    await this.tmux('send-keys', '-t', 'kw', 'Enter');
  }

  /** Resolves when the shell shows its prompt again, i.e. the last command has finished. */
  async waitForPrompt(timeoutMs = 60_000): Promise<void> {
    await run('tmux', ['-L', this.socket, 'wait-for', 'done'], { timeout: timeoutMs });
    // PROMPT_COMMAND signals just before bash prints the prompt. Keys typed in between are echoed
    // by the terminal, and then again by readline after the prompt, so wait for the prompt too.
    await this.waitForText(/(^|\n)\$\s*$/);
  }

  /** Polls the screen until `pattern` appears on it. */
  async waitForText(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = await this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The visible screen; wrapped lines are joined, so a line longer than 80 columns shows as one. */
  async screen(): Promise<string> {
    return (await this.tmux('capture-pane', '-t', 'kw', '-p', '-J')).stdout;
  }

  async stop(): Promise<void> {
    await this.tmux('kill-server').catch(() => {});
  }
}
