import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './fixtures.js';

let built = false;

/** Runs `npm run build` (scripts/build.mjs) once per test file: the Electron specs use dist/. */
export function buildApp(): void {
  if (built) return;
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
  built = true;
}
