import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../../test/startServer.js';
import { connectStores } from '../../../test/rendererStores.js';
import { useServerStore } from '../server/store.js';
import { useSettingsStore } from './store.js';

test('the settings store: reads, saves, says what waits for a restart, and refuses what the server refuses', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  connectStores(t, server.url);
  await useServerStore.getState().refresh();
  const store = useSettingsStore.getState();
  await store.refresh();
  assert.equal(useSettingsStore.getState().view?.settings.dataDir, server.dataDir);

  assert.match((await store.save({ corsOrigins: ['*'] })) ?? '', /corsOrigins.*wildcards are refused/);
  assert.equal(await store.save({ maxLoadedModels: 2, logLevel: 'debug' }), null);
  assert.equal(useSettingsStore.getState().view?.settings.maxLoadedModels, 2);
  assert.deepEqual(useSettingsStore.getState().view?.restartRequired, ['logLevel']);
  assert.equal(server.services.settings.get().maxLoadedModels, 2, 'saved on the server');
});
