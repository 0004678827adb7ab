import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LocalLabGenerateResponse } from '../../../common/api/locallab.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const models = [testModels.chatml];
const model = testModels.chatml;

/** Splits a raw SSE body into events, keeping the event name, and joins each event's data lines as SSE readers do. */
function parseSse(body: string): Array<{ event: string | null; data: string }> {
  assert.ok(body.endsWith('\n\n'), 'the stream ends with a complete event');
  return body
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice('event: '.length) ?? null;
      const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(l[5] === ' ' ? 6 : 5));
      assert.ok(data.length > 0, `every event carries data: ${JSON.stringify(block)}`);
      return { event, data: data.join('\n') };
    });
}

describe('LocalLab POST /generate', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  const post = (body: unknown, signal?: AbortSignal) =>
    fetch(`${server.url}/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body), signal });
  before(async () => {
    server = await startTestServer({ models });
  });
  after(() => server?.close());

  test('model_id null with nothing loaded is a 400 that says to load a model', async () => {
    const response = await post({ prompt: 'Hello' });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { detail: string };
    assert.match(body.detail, /POST \/models\/load/);
  });

  test('non-streamed: response text and usage; max_length caps the completion', async () => {
    const response = await post({ prompt: 'Once upon a time', model_id: model, max_length: 6, do_sample: false });
    assert.equal(response.status, 200);
    const body = (await response.json()) as LocalLabGenerateResponse;
    assert.equal(typeof body.response, 'string');
    assert.equal(body.model, model);
    assert.ok(body.usage.completion_tokens > 0 && body.usage.completion_tokens <= 6, `${body.usage.completion_tokens} tokens`);
    assert.ok(body.usage.prompt_tokens > 0);
    assert.equal(body.usage.total_tokens, body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  test('model_id null then uses the model used last', async () => {
    const response = await post({ prompt: 'Hi', max_length: 2 });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as LocalLabGenerateResponse).model, model);
  });

  test('streamed: raw text chunks that reassemble to the full answer, ending with data: [DONE]', async () => {
    const params = { prompt: 'Once upon a time', model_id: model, max_length: 12, temperature: 0 };
    const whole = ((await (await post(params)).json()) as LocalLabGenerateResponse).response;
    const response = await post({ ...params, stream: true });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = parseSse(await response.text());
    assert.deepEqual(events.at(-1), { event: null, data: '[DONE]' });
    const pieces = events.slice(0, -1);
    assert.ok(pieces.length > 1, 'the text came in several chunks');
    assert.ok(pieces.every((e) => e.event === null));
    assert.equal(pieces.map((e) => e.data).join(''), whole);
  });

  test('a client leaving mid-stream stops generation and frees the slot', async () => {
    const counters = server.services.engine.counters;
    const startedAt = counters.generatedTokens;
    const controller = new AbortController();
    const response = await post({ prompt: 'Once upon a time', model_id: model, max_length: 400, temperature: 0, stream: true }, controller.signal);
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const deadline = Date.now() + 5000;
    while ((await server.services.engine.getModel(model)).loaded?.activeRequests !== 0) {
      assert.ok(Date.now() < deadline, 'the slot was released');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(counters.generatedTokens - startedAt < 400, `the aborted request generated ${counters.generatedTokens - startedAt} tokens, all it was allowed`);
  });

  test('a failure before the first chunk keeps its status, even when streamed', async () => {
    const response = await post({ prompt: 'Hi', model_id: 'no-such-model', stream: true });
    assert.equal(response.status, 404);
    const body = (await response.json()) as { detail: string };
    assert.match(body.detail, /no-such-model.*GET \/models\/available/);
  });

  test('an input longer than the context is 413, as LocalLab documents', async () => {
    const response = await post({ prompt: 'once upon a time '.repeat(4000), model_id: model, max_length: 2 });
    assert.equal(response.status, 413);
    assert.match(((await response.json()) as { detail: string }).detail, /context/i);
  });

  const malformed: Array<[string, unknown]> = [
    ['no prompt', {}],
    ['prompt not a string', { prompt: 3 }],
    ['empty prompt', { prompt: '' }],
    ['negative temperature', { prompt: 'x', temperature: -1 }],
    ['top_p above 1', { prompt: 'x', top_p: 1.5 }],
    ['max_length 0', { prompt: 'x', max_length: 0 }],
    ['fractional top_k', { prompt: 'x', top_k: 2.5 }],
    ['do_sample not a boolean', { prompt: 'x', do_sample: 'yes' }],
    ['not JSON', '{"prompt": '],
  ];
  for (const [name, body] of malformed) {
    test(`400 with a detail message: ${name}`, async () => {
      const response = await post(body);
      assert.equal(response.status, 400);
      const json = (await response.json()) as { detail: unknown };
      assert.equal(typeof json.detail, 'string');
    });
  }
});
