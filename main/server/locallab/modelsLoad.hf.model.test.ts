import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { LocalLabGenerateResponse, LocalLabLoadResponse } from '../../../common/api/locallab.js';
import { startHfMirror, type HfMirror } from '../../../test/fixtures/hfMirror.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModelPath, testModels } from '../../../test/testModels.js';

const ref = 'hf.co/test/tiny-GGUF:Q8_0';
const fileKey = 'test/tiny-GGUF/stories260K-Q8_0.gguf';

describe('LocalLab POST /models/load of a Hugging Face reference', { skip: missingTestModels([testModels.tiny]) }, () => {
  let mirror: HfMirror;
  let server: TestServer;
  const post = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  before(async () => {
    mirror = await startHfMirror({ 'test/tiny-GGUF': { files: { 'stories260K-Q8_0.gguf': testModelPath(testModels.tiny) } } });
    // No local models: the only way to one is the download.
    server = await startTestServer({ settings: { hfEndpoint: mirror.url } });
  });
  after(async () => {
    await server?.close();
    await mirror?.close();
  });

  test('downloads through the download service, loads, and then generates with it', async () => {
    const response = await post('/models/load', { model_id: ref });
    assert.equal(response.status, 200);
    const loaded = (await response.json()) as LocalLabLoadResponse;
    assert.equal(loaded.downloaded_from, ref);
    assert.equal(loaded.model.status, 'loaded');
    assert.equal(mirror.bytesServed(fileKey), statSync(testModelPath(testModels.tiny)).size);
    assert.equal((await server.services.engine.getModel(loaded.model_id)).state, 'loaded');
    assert.ok(server.services.downloads.list().some((d) => d.ref === ref && d.state === 'completed'), 'the download service did the download');

    // The reference now names the model, and model_id null means it as the current model.
    for (const model_id of [ref, null]) {
      const generated = await post('/generate', { prompt: 'Once upon a time', model_id, max_length: 3 });
      assert.equal(generated.status, 200);
      assert.equal(((await generated.json()) as LocalLabGenerateResponse).model, loaded.model_id);
    }
  });

  test('loading the same reference again uses the file on disk', async () => {
    await post('/models/unload', {});
    const before = mirror.bytesServed();
    const response = await post('/models/load', { model_id: ref });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as LocalLabLoadResponse).downloaded_from, null);
    assert.equal(mirror.bytesServed(), before);
  });

  test('a quantization the repo lacks is an error status in the detail shape', async () => {
    const response = await post('/models/load', { model_id: 'hf.co/test/tiny-GGUF:Q2_K' });
    assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
    assert.equal(typeof ((await response.json()) as { detail: unknown }).detail, 'string');
  });
});
