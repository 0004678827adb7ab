import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHfMirror } from '../../../test/fixtures/hfMirror.js';
import { startTestServer } from '../../../test/startServer.js';
import { connectStores } from '../../../test/rendererStores.js';
import { missingTestModels, testModelPath, testModels } from '../../../test/testModels.js';
import { useServerStore } from '../server/store.js';
import { repoOfRef, useDiscoverStore } from './store.js';

const skip = missingTestModels([testModels.tiny]);

test('the discover store: catalog, hub search, a repo\'s files with fit, and errors in words', { skip }, async (t) => {
  const mirror = await startHfMirror({ 'test/tiny-GGUF': { files: { 'stories260K-F32.gguf': testModelPath(testModels.tiny) }, downloads: 3 } });
  t.after(() => mirror.close());
  const server = await startTestServer({ settings: { hfEndpoint: mirror.url } });
  t.after(() => server.close());
  connectStores(t, server.url);
  await useServerStore.getState().refresh();
  const store = useDiscoverStore.getState();
  await store.loadCatalog();
  assert.ok(useDiscoverStore.getState().catalog.some((entry) => entry.purpose === 'chat'));
  await store.search('tiny');
  assert.deepEqual(useDiscoverStore.getState().results?.map((result) => result.id), ['test/tiny-GGUF']);
  assert.equal(useDiscoverStore.getState().isSearching, false);
  await store.openRepo('test/tiny-GGUF');
  const files = useDiscoverStore.getState().files!;
  assert.equal(files[0]?.quantization, 'F32');
  assert.equal(files[0]?.fit?.fits, true);
  await store.openRepo('nobody/nothing');
  assert.equal(useDiscoverStore.getState().files, null);
  assert.match(useDiscoverStore.getState().error ?? '', /nothing|not found|No /i);
  store.closeRepo();
  assert.equal(useDiscoverStore.getState().repo, null);
});

test('a catalog ref names its repo', () => {
  assert.equal(repoOfRef('hf.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M'), 'Qwen/Qwen2.5-0.5B-Instruct-GGUF');
  assert.equal(repoOfRef('hf:user/repo/file.gguf'), 'user/repo');
  assert.equal(repoOfRef('https://example.com/x.gguf'), null);
});
