import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHfMirror } from '../../../test/fixtures/hfMirror.js';
import { startTestServer } from '../../../test/startServer.js';
import { connectStores, until } from '../../../test/rendererStores.js';
import { missingTestModels, testModelPath, testModels } from '../../../test/testModels.js';
import { useServerStore } from '../server/store.js';
import { isActive, ordered, useDownloadsStore } from './store.js';

const skip = missingTestModels([testModels.tiny, testModels.chatml]);
const key = 'test/tiny-GGUF/stories260K-F32.gguf';

test('the downloads store: progress pushed live, pause keeps the bytes, resume finishes, cancel discards', { skip }, async (t) => {
  const mirror = await startHfMirror({ 'test/tiny-GGUF': { files: { 'stories260K-F32.gguf': testModelPath(testModels.tiny), 'other.gguf': testModelPath(testModels.chatml) } } });
  t.after(() => mirror.close());
  const server = await startTestServer({ settings: { hfEndpoint: mirror.url } });
  t.after(() => server.close());
  connectStores(t, server.url);
  await useServerStore.getState().refresh();
  const store = useDownloadsStore.getState();
  const record = () => ordered(useDownloadsStore.getState().records)[0]!;

  mirror.setFault(key, { bytesPerSecond: 150_000 });
  const started = await store.start('hf:test/tiny-GGUF/stories260K-F32.gguf');
  assert.ok(started && isActive(started));
  await until(() => record().receivedBytes > 0 && record().bytesPerSecond > 0, 'progress pushed by the feed');
  await store.pause(started.id);
  await until(() => record().state === 'cancelled', 'paused');
  const kept = record().receivedBytes;
  assert.ok(kept > 0, 'the bytes so far are kept');
  mirror.setFault(key, undefined);
  await store.resume(started.id);
  await until(() => record().state === 'completed', 'the resumed download done', 30_000);
  assert.equal(Object.keys(useDownloadsStore.getState().records).filter((id) => useDownloadsStore.getState().records[id]!.modelId === 'stories260K-F32').length, 1, 'the resumed download replaces the paused one');

  assert.equal(await store.start('hf:test/tiny-GGUF/../../etc/passwd'), null);
  assert.match(useDownloadsStore.getState().error ?? '', /not an acceptable file path/);

  mirror.setFault('test/tiny-GGUF/other.gguf', { bytesPerSecond: 100_000 });
  const other = (await store.start('hf:test/tiny-GGUF/other.gguf'))!;
  await until(() => (useDownloadsStore.getState().records[other.id]?.receivedBytes ?? 0) > 0, 'the second download under way');
  await store.cancel(other.id);
  await until(() => useDownloadsStore.getState().records[other.id]?.state === 'cancelled', 'cancelled');
  assert.equal((await server.services.engine.listModels()).some((model) => model.id === 'other'), false);

  await store.refresh();
  assert.ok(ordered(useDownloadsStore.getState().records).some((entry) => entry.modelId === 'stories260K-F32' && entry.state === 'completed'), 'the list read again agrees');
});
