#!/usr/bin/env node
// The `keyward` executable; everything else lives in program.ts.
import { run } from './program.js';

const { exitCode, serving } = await run(process.argv);
if (serving) {
  process.exitCode = exitCode; // the server runs until a signal stops it
} else {
  // Exit as soon as the output is flushed: Node's fetch keeps the event loop alive for a few
  // hundred milliseconds after the last response, which every command would otherwise wait out.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(exitCode)));
}
