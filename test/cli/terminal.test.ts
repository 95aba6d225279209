// The CLI in a real terminal (tmux, 80x24): a progress bar on stderr during bulk work, an
// interactive confirmation, and a table cut to 80 columns with ellipses. Skips only without tmux.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IamV2ServiceAccount } from '../../src/index.js';
import { builtFile } from '../client/built.js';
import { createKeys } from './bulk-keys.js';
import { startCliFixture, type CliFixture } from './cli-harness.js';
import { TmuxTerminal, tmuxAvailable } from './tmux-terminal.js';

const skip = tmuxAvailable() ? false : 'tmux is not installed, so there is no pseudo-terminal to run the CLI in';

describe('keyward in an 80x24 terminal', { skip }, () => {
  let f: CliFixture;
  let term: TmuxTerminal;
  let bulk: string;
  let piped: string;
  let tidy: string;
  before(async () => {
    f = await startCliFixture('sqlite');
    bulk = (await f.client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'bulk-terminal' }))).id!;
    tidy = (await f.client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'tidy-terminal' }))).id!;
    piped = (await f.client.createIamV2ServiceAccount(new IamV2ServiceAccount({ displayName: 'piped-terminal' }))).id!;
    await createKeys(f.client, bulk, 300);
    await createKeys(f.client, piped, 120);
    await createKeys(f.client, tidy, 3, (i) => ['Kafka producer for the orders service in production', 'CI', 'Schema Registry reader for analytics dashboards'][i]!);
    term = new TmuxTerminal();
    await term.start();
    const env = Object.entries({ ...f.envFor(), KEYWARD_CONFIG_DIR: f.configDir }).map(([k, v]) => `export ${k}='${v}'`).join('; ');
    await term.type(`${env}; keyward() { node ${builtFile('dist/src/cli/bin.js')} "$@"; }; clear`);
    await term.waitForPrompt();
  });
  after(async () => {
    await term?.stop();
    await f?.close();
  });

  it('shows a progress bar while deleting hundreds of keys, after a confirmation typed at the prompt', async (t) => {
    await term.type(`keyward api-key delete --owner ${bulk} --all`);
    await term.waitForText(/\(y\/n\): $/m);
    await term.type('y');
    await term.waitForPrompt();
    await term.type(`keyward api-key list --service-account ${tidy}`);
    await term.waitForPrompt();
    const screen = await term.screen();
    t.diagnostic(`captured screen:\n${screen}`);

    const lines = screen.split('\n');
    for (const line of lines) assert.ok(line.length <= 80, `longer than 80 columns: ${line}`);
    assert.ok(lines.includes(`Are you sure you want to delete 300 API keys owned by ${bulk}? (y/n): y`));
    assert.ok(lines.some((l) => /^Deleting API keys \[█+\] 100% 300\/300$/.test(l)), 'the finished bar stays on screen');
    assert.ok(lines.includes(`Deleted 300 API keys owned by ${bulk}.`));
    assert.ok(!screen.includes('Finding API keys') && !screen.includes('Fetching API keys'), 'passing bars are cleared');

    const header = lines.findIndex((l) => l.startsWith('Key '));
    assert.ok(header > 0, screen);
    assert.match(lines[header]!, /^Key {15}Desc\S*\s+Owner\s+/);
    const rows = lines.slice(header + 1, header + 4);
    for (const row of rows) assert.match(row, new RegExp(`^[A-Z0-9]{16}  .+  ${tidy}  .+\\d{4}-\\d{2}-\\d{2}$`));
    assert.ok(rows.some((r) => r.includes('…')), 'long descriptions end in an ellipsis');
    assert.equal((await f.client.listIamV2ApiKeys({ owner: bulk })).data.length, 0);
  });

  it('draws no bar when the output goes into a pipe, even with stderr on the terminal', async () => {
    await term.type('clear');
    await term.waitForPrompt();
    await term.type(`keyward api-key delete --owner ${piped} --all --force | cat`);
    await term.waitForPrompt();
    const screen = await term.screen();
    assert.deepEqual(screen.trimEnd().split('\n'), [`$ keyward api-key delete --owner ${piped} --all --force | cat`, `Deleted 120 API keys owned by ${piped}.`, '$']);
  });
});
