import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { LollmsDetokenizeResponse, LollmsLongContextResponse, LollmsTokenizeResponse } from '../../../common/api/lollms.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// Two vocabularies: stories260K's 512 SentencePiece tokens and Llama 2's 32,000.
const models = [testModels.tiny, testModels.tinyRandom];
const vocabularies = { [testModels.tiny]: 512, [testModels.tinyRandom]: 32_000 };
/** Small, so a few kilobytes of text are several contexts long. */
const contextSize = 256;
const story = 'Once upon a time there was a little girl who liked to play in the park with her dog. ';

describe('LoLLMs /lollms/v1 on the tiny models', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  const post = async <T>(path: string, body: unknown, signal?: AbortSignal) => {
    const response = await fetch(`${server.url}/lollms/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
    return { status: response.status, body: (await response.json()) as T & { error?: { param: string | null; type: string } } };
  };
  const count = async (model: string, text: string) => (await post<LollmsTokenizeResponse>('/tokenize', { model, text })).body.count;
  before(async () => {
    server = await startTestServer({ models, settings: { modelDefaults: { contextSize } } });
  });
  after(() => server?.close());

  for (const model of models) {
    test(`${model}: tokenize then detokenize gives the text back, counted as the engine counts`, async () => {
      for (const text of ['Once upon a time', ' a leading space', 'Héllo wörld 😀\nnew line', '']) {
        const tokenized = await post<LollmsTokenizeResponse>('/tokenize', { model, text });
        assert.equal(tokenized.status, 200);
        const { tokens } = await server.services.engine.tokenize(model, text);
        assert.deepEqual(tokenized.body, { tokens, count: tokens.length, model });
        const detokenized = await post<LollmsDetokenizeResponse>('/detokenize', { model, tokens: tokenized.body.tokens });
        assert.equal(detokenized.status, 200);
        assert.deepEqual(detokenized.body, { text, model });
      }
    });

    test(`${model}: a token id outside the vocabulary is a 400 on tokens, and the server carries on`, async () => {
      const size = vocabularies[model];
      assert.equal((await post('/detokenize', { model, tokens: [size - 1] })).status, 200);
      for (const tokens of [[size], [1, 2, 999_999]]) {
        const { status, body } = await post('/detokenize', { model, tokens });
        assert.equal(status, 400);
        assert.equal(body.error?.param, 'tokens');
      }
      assert.equal((await post<LollmsTokenizeResponse>('/tokenize', { model, text: 'still here' })).status, 200);
    });
  }

  test('without a model, the loaded model used last answers', async () => {
    for (const model of [testModels.tinyRandom, testModels.tiny]) {
      await post('/tokenize', { model, text: 'x' });
      const { status, body } = await post<LollmsTokenizeResponse>('/tokenize', { text: 'Once upon a time' });
      assert.equal(status, 200);
      assert.equal(body.model, model);
      assert.deepEqual(body.tokens, (await server.services.engine.tokenize(model, 'Once upon a time')).tokens);
    }
  });

  test('GET /models and /models/{id} are the OpenAI listing', async () => {
    const get = async (path: string) => (await fetch(`${server.url}${path}`)).json();
    const listed = (await get('/lollms/v1/models')) as { data: Array<{ id: string }> };
    assert.deepEqual(listed, await get('/v1/models'));
    assert.deepEqual(listed.data.map((m) => m.id).sort(), [...models].sort());
    assert.deepEqual(await get(`/lollms/v1/models/${testModels.tiny}`), await get(`/v1/models/${testModels.tiny}`));
  });

  test('long_context_process: a text several contexts long is chunked, merged and answered; usage adds up', async () => {
    const model = testModels.tiny;
    const text = story.repeat(40);
    const textTokens = await count(model, text);
    assert.ok(textTokens > 4 * contextSize, `the text is ${textTokens} tokens`);
    const { status, body } = await post<LollmsLongContextResponse>('/long_context_process', { model, text, prompt: 'Summarize the story.', max_generation_tokens: 16 });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.model, model);
    assert.equal(typeof body.result, 'string');
    assert.ok(body.chunks >= Math.ceil(textTokens / contextSize), `${body.chunks} chunks`);
    assert.ok(body.calls > body.chunks, 'the chunks are followed by at least the final call');
    const { prompt_tokens, completion_tokens, total_tokens, prompt_tokens_details } = body.usage;
    assert.equal(total_tokens, prompt_tokens + completion_tokens);
    // Every text token went into some chunk's prompt, beside instructions and template.
    assert.ok(prompt_tokens > textTokens, `${prompt_tokens} prompt tokens for ${textTokens} text tokens`);
    // Notes are held to an eighth of the context; the answer to max_generation_tokens.
    assert.ok(completion_tokens > 0 && completion_tokens <= (body.calls - 1) * (contextSize / 8) + 16, `${completion_tokens} completion tokens in ${body.calls} calls`);
    assert.ok(prompt_tokens_details.cached_tokens <= prompt_tokens);
  });

  test('long_context_process: a short text is one chunk and one call; chunk_size splits it finer', async () => {
    const model = testModels.tiny;
    const short = await post<LollmsLongContextResponse>('/long_context_process', { model, text: story, max_generation_tokens: 8 });
    assert.equal(short.status, 200);
    assert.deepEqual([short.body.chunks, short.body.calls], [1, 1]);
    assert.ok(short.body.usage.completion_tokens <= 8);
    assert.ok(short.body.usage.prompt_tokens > (await count(model, story)));

    const storyTokens = await count(model, story);
    const fine = await post<LollmsLongContextResponse>('/long_context_process', { model, text: story, max_generation_tokens: 8, chunk_size: 16 });
    assert.equal(fine.status, 200);
    assert.equal(fine.body.chunks, Math.ceil(storyTokens / 16));
  });

  test('long_context_process: a prompt that leaves no room is a 400 on prompt', async () => {
    const { status, body } = await post('/long_context_process', { model: testModels.tiny, text: story.repeat(10), prompt: story.repeat(3) });
    assert.equal(status, 400);
    assert.equal(body.error?.param, 'prompt');
  });

  test('long_context_process: a client leaving stops the work', async () => {
    const counters = server.services.engine.counters;
    const startedAt = counters.generatedTokens;
    const controller = new AbortController();
    const pending = post('/long_context_process', { model: testModels.tiny, text: story.repeat(400) }, controller.signal).catch(() => null);
    const deadline = Date.now() + 10_000;
    while (counters.generatedTokens === startedAt) {
      assert.ok(Date.now() < deadline, 'generation started');
      await sleep(10);
    }
    controller.abort();
    await pending;
    while ((await server.services.engine.getModel(testModels.tiny)).loaded?.activeRequests !== 0) {
      assert.ok(Date.now() < deadline, 'the slot was released');
      await sleep(10);
    }
    const stoppedAt = counters.generatedTokens;
    await sleep(500);
    assert.equal(counters.generatedTokens, stoppedAt, 'no call ran after the client left');
  });
});
