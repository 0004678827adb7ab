import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { OpenAiModel } from '../../../common/api/openai.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const models = [testModels.tiny];
const model = testModels.tiny;
const texts = Array.from({ length: 16 }, (_, index) => `Sentence number ${index}: ${'the cat sat on the mat '.slice(0, 4 + index)}`);

describe('POST /v1/embeddings', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: OpenAI;
  let dimension: number;
  before(async () => {
    server = await startTestServer({ models });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const info = (await (await fetch(`${server.url}/v1/models/${model}`)).json()) as OpenAiModel;
    dimension = info.hearth.embeddingLength!;
    assert.ok(dimension > 0);
  });
  after(() => server?.close());

  const embedOne = async (input: string) => (await client.embeddings.create({ model, input, encoding_format: 'float' })).data[0]!.embedding;

  test('one text gives one vector of the model dimension, with usage', async () => {
    const response = await client.embeddings.create({ model, input: 'A cat sits on the mat', encoding_format: 'float' });
    assert.equal(response.object, 'list');
    assert.equal(response.model, model);
    assert.equal(response.data.length, 1);
    assert.equal(response.data[0]!.object, 'embedding');
    assert.equal(response.data[0]!.index, 0);
    assert.equal(response.data[0]!.embedding.length, dimension);
    assert.ok(response.data[0]!.embedding.every(Number.isFinite));
    assert.ok(response.usage.prompt_tokens > 0);
    assert.equal(response.usage.total_tokens, response.usage.prompt_tokens);
  });

  test('the same text gives the same vector; another text a different one', async () => {
    const first = await embedOne('A cat sits on the mat');
    assert.deepEqual(await embedOne('A cat sits on the mat'), first);
    assert.notDeepEqual(await embedOne('Stock prices fell sharply today'), first);
  });

  test('a batch of 16 returns 16 vectors in order, equal to the single-text vectors', async () => {
    const batch = await client.embeddings.create({ model, input: texts, encoding_format: 'float' });
    assert.equal(batch.data.length, 16);
    assert.deepEqual(batch.data.map((item) => item.index), [...texts.keys()]);
    for (const [index, text] of texts.entries()) {
      const single = await embedOne(text);
      const batched = batch.data[index]!.embedding;
      assert.equal(batched.length, dimension);
      assert.deepEqual(batched, single, `text ${index}: the batched vector differs from its single vector`);
    }
  });

  test('base64 is little-endian float32 (the openai client asks for it by default and decodes it)', async () => {
    const floats = await embedOne('A cat sits on the mat');
    const decodedByClient = (await client.embeddings.create({ model, input: 'A cat sits on the mat' })).data[0]!.embedding;
    assert.deepEqual(Array.from(decodedByClient), floats.map(Math.fround));

    const raw = await fetch(`${server.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, input: 'A cat sits on the mat', encoding_format: 'base64' }),
    });
    const body = (await raw.json()) as { data: Array<{ embedding: string }> };
    const bytes = Buffer.from(body.data[0]!.embedding, 'base64');
    assert.equal(bytes.length, dimension * 4);
    assert.deepEqual(Array.from({ length: dimension }, (_, i) => bytes.readFloatLE(i * 4)), floats.map(Math.fround));
  });

  test('dimensions other than the model size, an empty batch and token arrays answer 400', async () => {
    for (const [body, param] of [
      [{ model, input: 'x', dimensions: dimension + 1 }, 'dimensions'],
      [{ model, input: [] }, 'input'],
      [{ model, input: [1, 2, 3] }, 'input'],
    ] as const) {
      const response = await fetch(`${server.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(response.status, 400, JSON.stringify(body));
      const { error } = (await response.json()) as { error: { param: string; type: string } };
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.param?.split('.')[0], param);
    }
  });
});
