import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { _electron as electron } from 'playwright-core';
// @ts-expect-error: a plain .mjs helper shared with npm start
import { findElectron } from '../scripts/electronRuntime.mjs';
import { buildApp } from './build.js';
import { repoRoot } from './fixtures.js';

const runtime: { executable: string | null; reason: string | null } = findElectron();

test('the desktop app opens an isolated window without Node that shows the running server', { skip: runtime.reason ?? false }, async (t) => {
  buildApp();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-electron-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const app = await electron.launch({
    executablePath: runtime.executable!,
    args: [repoRoot, '--no-sandbox'],
    env: { ...process.env, HEARTH_DATA_DIR: dataDir, HEARTH_PORT: '0', HEARTH_GPU: 'false', HEARTH_REQUIRE_API_KEYS: '0' },
  });
  t.after(() => app.close());
  const window = await app.firstWindow();
  assert.equal(await window.title(), 'Hearth');
  // contextIsolation, sandbox and no nodeIntegration as the page sees them: no Node globals, and only
  // the preload's two functions on the bridge (main/windows/windowOptions.test.ts checks the options object).
  const page = await window.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    bridge: Object.keys((globalThis as { hearth?: object }).hearth ?? {}).sort(),
  }));
  assert.deepEqual(page, { require: 'undefined', process: 'undefined', bridge: ['call', 'on'] });
  await window.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor({ timeout: 60_000 });
});
