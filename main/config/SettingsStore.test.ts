import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { SettingsStore } from './SettingsStore.js';

test('settings.json holds only what was changed, so new defaults reach old installs', async (t) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-settings-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const store = await SettingsStore.open(dataDir, path.join(dataDir, 'models'));
  const merged = await store.update({ port: 9911 });
  assert.equal(merged.port, 9911);
  assert.equal(merged.host, '127.0.0.1', 'defaults still apply to the merged settings');
  assert.deepEqual(Object.keys(JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'))), ['port']);

  // A file with one field reads back as that field only, and a later change keeps it.
  await writeFile(path.join(dataDir, 'settings.json'), '{"logLevel": "debug"}\n');
  const reopened = await SettingsStore.open(dataDir, path.join(dataDir, 'models'));
  await reopened.update({ port: 9912 });
  assert.deepEqual(JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8')), { logLevel: 'debug', port: 9912 });
});

test('a change that does not validate is refused and nothing is written', async (t) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-settings-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const store = await SettingsStore.open(dataDir, path.join(dataDir, 'models'));
  await assert.rejects(store.update({ port: -1 }));
  await assert.rejects(readFile(path.join(dataDir, 'settings.json')), { code: 'ENOENT' });
});
