#!/usr/bin/env node
// Runs the test suite with node's test runner. Tiers, by file name:
//   *.test.ts         standalone: no model needed
//   *.model.test.ts   needs the tiny GGUF models (HEARTH_TEST_MODELS, default ../shared/models)
//   e2e/*.spec.ts     browser and Electron end-to-end tests
//   prebuilt          the engine and API model tests again with node-llama-cpp's prebuilt addon
//                     (HEARTH_ENGINE_ADDON=prebuilt): what macOS, Windows and GPU machines run
// With no tier and no files, all four run, and the last line sums them up.
// Usage: node scripts/runTests.mjs [--tier standalone|model|e2e|prebuilt] [files...]
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
const tiers = new Set(values.tier ?? ['standalone', 'model', 'e2e', 'prebuilt']);
const files = positionals.length > 0 ? positionals : walk(root).filter((f) => tiers.has(tierOf(f))).sort();

// Generation, chat, tools, JSON schema, embeddings and concurrent streams, through the engine and each API family.
const prebuiltTier = [
  'main/engine/Engine.model.test.ts',
  'main/engine/batching.model.test.ts',
  'main/engine/directStep.model.test.ts',
  'main/engine/threadPool.model.test.ts',
  'main/server/openai/completions.model.test.ts',
  'main/server/openai/chatCompletions.model.test.ts',
  'main/server/openai/chatCompletions.tools.model.test.ts',
  'main/server/openai/chatCompletions.slots.model.test.ts',
  'main/server/openai/embeddings.model.test.ts',
  'main/server/ollama/chat.model.test.ts',
  'main/server/ollama/generate.model.test.ts',
  'main/server/ollama/embed.model.test.ts',
];

const testModels = process.env.HEARTH_TEST_MODELS ?? path.resolve(root, '..', 'shared', 'models');
if (!existsSync(testModels)) console.warn(`Test models not found at ${testModels}; tests that need them will be skipped.`);

/** Runs node's test runner on `testFiles`; resolves with its exit code and the counts of its summary. */
function runTests(testFiles, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${values.concurrency ?? '2'}`, '--test-timeout=300000', ...testFiles],
      {
        cwd: root,
        stdio: ['inherit', 'pipe', 'inherit'],
        // UV_THREADPOOL_SIZE must be set before Node starts (see bin/hearth.mjs).
        env: { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '1', HEARTH_TEST_MODELS: testModels, ...extraEnv },
      },
    );
    const counts = { pass: 0, fail: 0, skipped: 0, cancelled: 0 };
    let tail = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      // The spec reporter ends with lines like "ℹ pass 437"; keep a partial line for the next chunk.
      const lines = (tail + chunk.toString('utf8')).split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^ℹ (pass|fail|skipped|cancelled) (\d+)$/.exec(line.replace(/\x1b\[[0-9;]*m/g, '').trim());
        if (match) counts[match[1]] = Number(match[2]);
      }
    });
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), ...counts }));
  });
}

const runs = [];
if (files.length > 0) runs.push(await runTests(files));
const prebuilt = positionals.length === 0 && tiers.has('prebuilt');
if (prebuilt) {
  console.log('\n— the prebuilt tier: engine and API tests with node-llama-cpp\'s prebuilt addon (HEARTH_ENGINE_ADDON=prebuilt) —\n');
  runs.push(await runTests(prebuiltTier, { HEARTH_ENGINE_ADDON: 'prebuilt' }));
}
const failedRun = runs.find((run) => run.code !== 0);
if (runs.length > 1) {
  const sum = (key) => runs.reduce((total, run) => total + run[key], 0);
  // A run that failed without a failing test (a crash, a file that did not load) still counts as one failure.
  const failed = sum('fail') + sum('cancelled') + runs.filter((run) => run.code !== 0 && run.fail + run.cancelled === 0).length;
  console.log(`\nall tiers: ${sum('skipped')} skipped\n${sum('pass')} passed, ${failed} failed`);
}
process.exit(failedRun ? failedRun.code : 0);
