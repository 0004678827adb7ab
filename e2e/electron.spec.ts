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

test('the desktop app opens a sandboxed, isolated window that shows the running server', { skip: runtime.reason ?? false }, async (t) => {
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
  const preferences = await app.evaluate(({ BrowserWindow }) => {
    const prefs = BrowserWindow.getAllWindows()[0]!.webContents.getLastWebPreferences();
    return { contextIsolation: prefs?.contextIsolation, sandbox: prefs?.sandbox, nodeIntegration: prefs?.nodeIntegration };
  });
  assert.deepEqual(preferences, { contextIsolation: true, sandbox: true, nodeIntegration: false });
  // No Node in the page; only the preload's two functions cross the bridge.
  assert.equal(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require), 'undefined');
  await window.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor({ timeout: 60_000 });
});
