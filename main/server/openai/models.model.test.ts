import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { OpenAiModel, OpenAiModelList } from '../../../common/api/openai.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const models = [testModels.tiny, testModels.chatml];

describe('GET /v1/models', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: OpenAI;
  before(async () => {
    server = await startTestServer({ models });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => server?.close());

  test('lists every model on disk, loaded or not, with its state', async () => {
    const before = await client.models.list();
    assert.deepEqual(before.data.map((model) => model.id).sort(), [...models].sort());
    for (const model of before.data as unknown as OpenAiModel[]) {
      assert.equal(model.object, 'model');
      assert.equal(model.owned_by, 'hearth');
      assert.ok(Number.isInteger(model.created) && model.created > 0);
      assert.equal(model.hearth.state, 'unloaded');
      assert.equal(model.hearth.loaded, undefined);
      assert.ok(model.hearth.sizeBytes > 0);
      assert.equal('file' in model.hearth, false, 'the file path is not shown to API clients');
    }

    await client.chat.completions.create({ model: testModels.tiny, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 1 });
    const after = (await (await fetch(`${server.url}/v1/models`)).json()) as OpenAiModelList;
    const byId = new Map(after.data.map((model) => [model.id, model]));
    assert.equal(byId.get(testModels.tiny)!.hearth.state, 'loaded');
    assert.ok(byId.get(testModels.tiny)!.hearth.loaded!.contextSize > 0);
    assert.equal(byId.get(testModels.chatml)!.hearth.state, 'unloaded');
    assert.equal(byId.get(testModels.chatml)!.hearth.hasChatTemplate, true);
  });

  test('retrieves one model; an unknown one is 404 model_not_found', async () => {
    const model = await client.models.retrieve(testModels.chatml);
    assert.equal(model.id, testModels.chatml);
    await assert.rejects(client.models.retrieve('no-such-model'), (error: unknown) => {
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.equal(error.code, 'model_not_found');
      return true;
    });
  });

  test('the same list is served at /api/v1 and /ollama/v1', async () => {
    for (const prefix of ['/api/v1', '/ollama/v1']) {
      const response = await fetch(`${server.url}${prefix}/models`);
      assert.equal(response.status, 200);
      const list = (await response.json()) as OpenAiModelList;
      assert.deepEqual(list.data.map((model) => model.id).sort(), [...models].sort());
    }
  });
});
