// The built package under dist/, which `npm test` compiles before running the tests. A missing or
// stale build would make these tests check old code, so they refuse to run on one.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of a built file, e.g. `builtFile('dist/src/index.js')`; throws when the build is missing or older than src/. */
export function builtFile(path: string): string {
  const file = join(repoRoot, path);
  if (!existsSync(file)) throw new Error(`${path} is missing: run 'npm run build' first (npm test does)`);
  for (const source of sources()) {
    const built = join(repoRoot, 'dist', relative(repoRoot, source)).replace(/\.ts$/, '.js');
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) {
      throw new Error(`${relative(repoRoot, built)} is older than its source: run 'npm run build' first (npm test does)`);
    }
  }
  return file;
}

function sources(): string[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
  return [join(repoRoot, 'src/index.ts'), ...walk(join(repoRoot, 'src/client')), ...walk(join(repoRoot, 'src/cli'))];
}
