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

  // The contract over Electron IPC: a call answers, an unknown name is refused by main, an error keeps its status.
  const calls = await window.evaluate(async () => {
    const bridge = (globalThis as unknown as { hearth: { call(name: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; status: number } }> } }).hearth;
    return {
      list: await bridge.call('models:list', {}),
      unknown: await bridge.call('fs:readFile', { path: '/etc/passwd' }),
      missing: await bridge.call('models:load', { id: 'no-such-model' }),
    };
  });
  assert.equal(calls.list.ok, true);
  assert.equal(calls.unknown.error?.code, 'unknown_call');
  assert.equal(calls.missing.error?.status, 404);

  // Speech runs espeak-ng as a program of its own, which the server's utility process can't start: main starts it
  // as a utility process of its own (main/shell/serveShell.ts), as the packaged app's fuses require.
  const spoken = await window.evaluate(async () => {
    const bridge = (globalThis as unknown as { hearth: { call(name: string, input: unknown): Promise<{ ok: boolean; value?: { audio: Uint8Array; mimeType: string }; error?: { message: string } }> } }).hearth;
    const result = await bridge.call('audio:speak', { text: 'Hearth speaks in the desktop app.', format: 'wav' });
    return { ok: result.ok, error: result.error?.message, head: result.value ? new TextDecoder().decode(result.value.audio.subarray(0, 4)) : null, bytes: result.value?.audio.byteLength ?? 0 };
  });
  assert.equal(spoken.ok, true, spoken.error);
  assert.equal(spoken.head, 'RIFF');
  assert.ok(spoken.bytes > 20_000, `a second or so of speech, got ${spoken.bytes} bytes`);
  await window.getByTestId('nav-models').click();
  await window.getByTestId('models-screen').waitFor();
});
