import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { missingTestModels, testModels } from '../../test/testModels.js';

const model = testModels.tiny;
const contextSize = 256;
const messages = [{ role: 'user', content: 'Once upon a time' }];
/** Long enough for any run here; a generation that never ends fails at this bound instead of hanging the suite. */
const bound = () => AbortSignal.timeout(60_000);

/** One request through fetch, so a generation that never ends is cut at `bound` rather than hanging. */
async function post(server: TestServer, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: bound() });
  const text = await response.text();
  return { status: response.status, body: text.trim().includes('\n') ? text.trim().split('\n').map((line) => JSON.parse(line)) : JSON.parse(text) };
}

describe('token limits', { skip: missingTestModels([model]) }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ models: [model], settings: { modelDefaults: { threads: 1 }, models: { [model]: { contextSize } } } });
  });
  after(() => server?.close());

  test('Ollama num_predict 0 generates nothing: an empty answer, done_reason "length"', async () => {
    const before = server.services.engine.counters.generatedTokens;
    const requests: Array<[string, Record<string, unknown>]> = [
      ['/api/chat', { model, messages }],
      ['/api/generate', { model, prompt: 'Once upon a time' }],
      // raw: a plain completion, through the engine's other generation path.
      ['/api/generate', { model, prompt: 'Once upon a time', raw: true }],
    ];
    for (const [path, body] of requests) {
      for (const stream of [false, true]) {
        const { status, body: answer } = await post(server, path, { ...body, stream, options: { num_predict: 0 } });
        assert.equal(status, 200, `${path} stream=${stream}`);
        const objects = Array.isArray(answer) ? answer : [answer];
        const last = objects.at(-1);
        assert.equal(last.done, true);
        assert.equal(last.done_reason, 'length', `${path} stream=${stream}`);
        assert.equal(last.eval_count, 0, `${path} stream=${stream}`);
        const text = objects.map((object) => object.message?.content ?? object.response).join('');
        assert.equal(text, '', `${path} stream=${stream}`);
      }
    }
    assert.equal(server.services.engine.counters.generatedTokens, before, 'nothing was generated');
  });

  test('num_predict -1 and -2 generate until the context is full, never past it', async () => {
    for (const numPredict of [-1, -2]) {
      for (const [path, body] of [
        ['/api/chat', { model, messages }],
        ['/api/generate', { model, prompt: 'Once upon a time', raw: true }],
      ] as const) {
        const { status, body: answer } = await post(server, path, { ...body, stream: false, options: { num_predict: numPredict, temperature: 0 } });
        assert.equal(status, 200);
        assert.ok(answer.eval_count + answer.prompt_eval_count <= contextSize, `${path} ${numPredict}: ${answer.prompt_eval_count} + ${answer.eval_count} tokens in a ${contextSize}-token context`);
        // The tiny model at temperature 0 tells its story to the end of the context rather than stopping.
        if (answer.done_reason === 'length') assert.equal(answer.eval_count + answer.prompt_eval_count, contextSize, path);
      }
    }
  });

  test('OpenAI refuses max_tokens 0 and max_completion_tokens 0, as OpenAI does', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['/v1/chat/completions', { model, messages, max_tokens: 0 }, 'max_tokens'],
      ['/v1/chat/completions', { model, messages, max_completion_tokens: 0 }, 'max_completion_tokens'],
      ['/v1/completions', { model, prompt: 'Once', max_tokens: 0 }, 'max_tokens'],
    ];
    for (const [path, body, param] of cases) {
      const { status, body: answer } = await post(server, path, body);
      assert.equal(status, 400, `${path} ${param}`);
      assert.equal(answer.error.param, param);
      assert.equal(answer.error.type, 'invalid_request_error');
    }
  });
});

// The benchmark model generates slowly enough on a CPU that its whole context takes many seconds.
const slowModel = testModels.bench;

describe('the wall-clock cap on a generation', { skip: missingTestModels([slowModel]) }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      models: [slowModel],
      settings: {
        modelDefaults: { threads: 1, parallelSlots: 1, maxGenerationSeconds: 1 },
        // Deadlines for receiving requests far shorter than the streams below: they must not cut a response.
        headersTimeoutSeconds: 0.5,
        requestBodyTimeoutSeconds: 0.5,
      },
    });
  });
  after(() => server?.close());

  test('stops a streamed generation with finish_reason "length" and frees its slot', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: slowModel, messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } }, { signal: bound() });
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    assert.equal(finish, 'length');
    assert.ok(usage);
    const room = (await server.services.engine.getModel(slowModel)).loaded!.contextSize - usage.prompt_tokens;
    assert.ok(usage.completion_tokens < room, `stopped by the cap after ${usage.completion_tokens} tokens, not by the context (${room})`);
    assert.equal((await server.services.engine.getModel(slowModel)).loaded!.activeRequests, 0, 'the slot is free');
  });

  test('stops an Ollama raw generation (the plain completion path) with done_reason "length"', async () => {
    const { status, body } = await post(server, '/api/generate', { model: slowModel, prompt: 'Once upon a time', raw: true, stream: true });
    assert.equal(status, 200);
    const last = body.at(-1);
    assert.equal(last.done_reason, 'length');
    const room = (await server.services.engine.getModel(slowModel)).loaded!.contextSize - last.prompt_eval_count;
    assert.ok(last.eval_count < room, `stopped by the cap after ${last.eval_count} tokens, not by the context (${room})`);
    // The one slot serves the next request.
    const next = await post(server, '/api/chat', { model: slowModel, messages, stream: false, options: { num_predict: 2 } });
    assert.equal(next.body.eval_count, 2);
  });
});
