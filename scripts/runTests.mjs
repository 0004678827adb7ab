#!/usr/bin/env node
// Runs the test suite with node's test runner. Tiers, by file name:
//   *.test.ts         standalone: no model needed
//   *.model.test.ts   needs the tiny GGUF models (HEARTH_TEST_MODELS, default ../shared/models)
//   e2e/*.spec.ts     browser and Electron end-to-end tests
// Usage: node scripts/runTests.mjs [--tier standalone|model|e2e] [files...]
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values, positionals } = parseArgs({
  options: { tier: { type: 'string', multiple: true }, concurrency: { type: 'string' } },
  allowPositionals: true,
});

const skipDirs = new Set(['node_modules', 'dist', 'out', 'release', 'scratch', '.git']);
function walk(dir, found = []) {
  for (const name of readdirSync(dir)) {
    if (skipDirs.has(name) || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, found);
    else found.push(path.relative(root, full));
  }
  return found;
}

const tierOf = (file) => (file.endsWith('.spec.ts') ? 'e2e' : file.endsWith('.model.test.ts') ? 'model' : file.endsWith('.test.ts') || file.endsWith('.test.tsx') ? 'standalone' : null);
const tiers = new Set(values.tier ?? ['standalone', 'model', 'e2e']);
const files = positionals.length > 0 ? positionals : walk(root).filter((f) => tiers.has(tierOf(f))).sort();

const testModels = process.env.HEARTH_TEST_MODELS ?? path.resolve(root, '..', 'shared', 'models');
if (!existsSync(testModels)) console.warn(`Test models not found at ${testModels}; tests that need them will be skipped.`);

const child = spawn(
  process.execPath,
  [
    '--import', 'tsx',
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${values.concurrency ?? '2'}`,
    '--test-timeout=300000',
    ...files,
  ],
  {
    cwd: root,
    stdio: 'inherit',
    // UV_THREADPOOL_SIZE must be set before Node starts (see bin/hearth.mjs).
    env: { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '1', HEARTH_TEST_MODELS: testModels },
  },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
