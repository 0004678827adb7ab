import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LocalLabBatchResponse, LocalLabGenerateResponse } from '../../../common/api/locallab.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const models = [testModels.tiny];
const model = testModels.tiny;

describe('LocalLab POST /generate/batch', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  const post = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  before(async () => {
    // Two slots, so five prompts run side by side and queue for a slot.
    server = await startTestServer({ models, settings: { modelDefaults: { parallelSlots: 2 } } });
  });
  after(() => server?.close());

  test('answers in the prompts order, each equal to its single answer at temperature 0', async () => {
    const prompts = ['Once upon a time', 'The cat', 'Lily was', 'One day, a big', 'Tom liked'];
    const params = { model_id: model, max_length: 6, temperature: 0 };
    const response = await post('/generate/batch', { ...params, prompts });
    assert.equal(response.status, 200);
    const batch = (await response.json()) as LocalLabBatchResponse;
    assert.equal(batch.responses.length, prompts.length);

    const singles: LocalLabGenerateResponse[] = [];
    for (const prompt of prompts) singles.push((await (await post('/generate', { ...params, prompt })).json()) as LocalLabGenerateResponse);
    assert.deepEqual(batch.responses, singles.map((s) => s.response));
    assert.ok(new Set(batch.responses).size > 1, 'different prompts gave different answers, so the order is checked');
    const completion = singles.reduce((sum, s) => sum + s.usage.completion_tokens, 0);
    assert.equal(batch.usage.completion_tokens, completion);
    // Each answer is as long as asked: the tiny model doesn't stop by itself within 6 tokens.
    assert.deepEqual(singles.map((s) => s.usage.completion_tokens), prompts.map(() => 6));
    assert.equal(batch.usage.total_tokens, batch.usage.prompt_tokens + batch.usage.completion_tokens);
  });

  test('bad batches are 400', async () => {
    for (const body of [{ prompts: [] }, { prompts: 'one' }, { prompts: ['ok', ''] }, { prompts: Array.from({ length: 65 }, () => 'x') }]) {
      const response = await post('/generate/batch', { model_id: model, ...body });
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 60));
    }
  });
});
