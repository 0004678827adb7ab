import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../../test/startServer.js';
import { connectStores, until } from '../../../test/rendererStores.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';
import { useServerStore } from '../server/store.js';
import { useModelsStore } from './store.js';

const skip = missingTestModels([testModels.tiny, testModels.chatml]);

test('the models store: live states, load and unload, errors in words, settings, evictions, delete', { skip }, async (t) => {
  const server = await startTestServer({ models: [testModels.tiny, testModels.chatml], settings: { maxLoadedModels: 1 } });
  t.after(() => server.close());
  connectStores(t, server.url);
  await useServerStore.getState().refresh();
  const store = useModelsStore.getState();
  await store.refresh();
  const state = () => useModelsStore.getState();
  assert.deepEqual(state().models.map((model) => model.id).sort(), [testModels.chatml, testModels.tiny].sort());
  assert.equal(state().library.find((model) => model.id === testModels.chatml)?.hasChatTemplate, true);
  assert.ok(state().selectedId, 'a model is chosen for chat');

  assert.equal(await store.load(testModels.tiny), true);
  assert.equal(state().models.find((model) => model.id === testModels.tiny)?.state, 'loaded');
  assert.equal(state().loadingSince[testModels.tiny], undefined, 'no longer loading');
  assert.equal(state().busyIds.length, 0);

  // Loading the other model evicts the first (at most one loaded): the store says so in words.
  await store.load(testModels.chatml);
  await until(() => state().notices.some((notice) => notice.text.startsWith(`${testModels.tiny} was unloaded to make room for ${testModels.chatml}`)), 'the eviction notice');
  store.dismissNotice(state().notices[0]!.id);
  assert.equal(state().notices.length, 0);
  assert.equal(await store.unload(testModels.chatml), true);
  assert.equal(state().models.find((model) => model.id === testModels.chatml)?.state, 'unloaded');

  assert.equal(await store.load('no-such-model'), false);
  assert.match(state().errors['no-such-model'] ?? '', /does not exist/);

  assert.match((await store.saveSettings(testModels.tiny, { parallelSlots: 0 })) ?? '', /parallelSlots/);
  assert.equal(await store.saveSettings(testModels.tiny, { contextSize: 256 }), null);
  assert.equal(state().library.find((model) => model.id === testModels.tiny)?.settings.contextSize, 256);
  await store.load(testModels.tiny);
  assert.equal(state().models.find((model) => model.id === testModels.tiny)?.loaded?.contextSize, 256, 'the setting applied to the load');
  assert.deepEqual((await store.getSettings(testModels.tiny)).settings, { contextSize: 256 });

  assert.equal(await store.remove(testModels.tiny), true, 'a loaded model is unloaded, then deleted');
  assert.equal(state().models.some((model) => model.id === testModels.tiny), false);
  assert.equal((await server.services.engine.listModels()).some((model) => model.id === testModels.tiny), false);
});
