// The server processes run as compiled JavaScript, as `keyward serve` (the package's bin, built
// into dist/) runs in production, rather than through the tsx loader, which adds about 40 MB of
// resident memory (B5) and a compile step at start. esbuild (what tsx itself uses) transpiles
// src/ and the benchmark's own server programs file by file, keeping the module layout, into
// node_modules/.cache/keyward-bench, where the packages in node_modules resolve as usual.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from './processes.js';

export const buildDir = join(repoRoot, 'node_modules', '.cache', 'keyward-bench');

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

let built: Promise<void> | undefined;

/** Transpiles once per `npm run bench`; later calls wait for the same build. */
export function ensureBuild(): Promise<void> {
  built ??= (async () => {
    const entryPoints = [
      ...typescriptFiles(join(repoRoot, 'src')),
      join(repoRoot, 'bench', 'lib', 'bare-server.ts'),
      join(repoRoot, 'bench', 'lib', 'http-client.ts'),
      join(repoRoot, 'bench', 'lib', 'open-loop-process.ts'),
      join(repoRoot, 'bench', 'lib', 'raw-sqlite-commits.ts'),
      join(repoRoot, 'bench', 'lib', 'service-latency.ts'),
    ];
    await build({
      entryPoints, outdir: buildDir, outbase: repoRoot, format: 'esm', platform: 'node', target: 'node20',
      bundle: false, sourcemap: false, logLevel: 'error',
    });
  })();
  return built;
}

/** The compiled form of a repository file, e.g. `src/server/main.ts` → …/src/server/main.js. */
export function compiled(repoPath: string): string {
  return join(buildDir, relative('.', repoPath).replace(/\.ts$/, '.js'));
}
