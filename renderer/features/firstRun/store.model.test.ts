import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHfMirror } from '../../../test/fixtures/hfMirror.js';
import { startTestServer } from '../../../test/startServer.js';
import { connectStores } from '../../../test/rendererStores.js';
import { missingTestModels, testModelPath, testModels } from '../../../test/testModels.js';
import { useModelsStore } from '../models/store.js';
import { useServerStore } from '../server/store.js';
import { useFirstRunStore } from './store.js';

const skip = missingTestModels([testModels.chatml]);

test('first run: the pick for this machine is downloaded, loaded and chosen for chat in one call', { skip }, async (t) => {
  // The stand-in serves the catalog's smallest chat repo with a tiny model under the catalog's file name.
  const mirror = await startHfMirror({ 'Qwen/Qwen2.5-0.5B-Instruct-GGUF': { files: { 'qwen2.5-0.5b-instruct-q4_k_m.gguf': testModelPath(testModels.chatml) } } });
  t.after(() => mirror.close());
  const server = await startTestServer({ settings: { hfEndpoint: mirror.url } });
  t.after(() => server.close());
  connectStores(t, server.url);
  await useServerStore.getState().refresh();
  const store = useFirstRunStore.getState();
  await store.prepare();
  const state = () => useFirstRunStore.getState();
  assert.ok(state().machine && state().machine!.memoryTotalBytes > 0);
  assert.equal(state().pick?.purpose, 'chat');
  const smallest = state().catalog.filter((entry) => entry.purpose === 'chat').sort((a, b) => a.approxSizeBytes - b.approxSizeBytes)[0]!;
  store.choose(smallest);
  await store.start();
  assert.equal(state().step, 'done', state().error ?? '');
  const id = state().modelId!;
  assert.equal(useModelsStore.getState().selectedId, id);
  assert.equal((await server.services.engine.getModel(id)).state, 'loaded');
});
