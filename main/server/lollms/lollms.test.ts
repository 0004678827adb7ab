import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/startServer.js';

interface OpenAiError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const speech = { input: 'Hello, this is a test', voice: 'alloy', response_format: 'mp3', speed: 1.0, language: 'en' };
const ragQuery = { datastore_id: '550e8400-e29b-41d4-a716-446655440000', query: 'What are our Q3 targets?', top_k: 5 };
const imageEdit = { image: 'aGVsbG8=', prompt: 'Change the cat to a tiger' };

/** The LoLLMs routes answered without a model: the services Hearth lacks, validation, and the model fallback. */
describe('LoLLMs /lollms/v1 without models', () => {
  let server: TestServer;
  const request = async (method: string, path: string, body?: unknown) => {
    const init = body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) };
    const response = await fetch(`${server.url}/lollms/v1${path}`, { method, ...init });
    return { status: response.status, body: (await response.json()) as OpenAiError };
  };
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  const missing: Array<[string, string, unknown, RegExp]> = [
    ['POST', '/images/edit', imageEdit, /no image engine/],
  ];
  for (const [method, path, body, message] of missing) {
    test(`${method} ${path} is a 501 saying what Hearth lacks`, async () => {
      const { status, body: answer } = await request(method, path, body);
      assert.equal(status, 501);
      assert.equal(answer.error.type, 'not_supported_error');
      assert.match(answer.error.message, message);
      assert.deepEqual(Object.keys(answer.error).sort(), ['code', 'message', 'param', 'type']);
    });
  }

  const malformed: Array<[string, string, unknown, string | null]> = [
    ['/rag/query', 'without a query', { datastore_id: 'x' }, 'query'],
    ['/rag/query', 'top_k of 0', { ...ragQuery, top_k: 0 }, 'top_k'],
    ['/audio/speech', 'without input', { voice: 'alloy' }, 'input'],
    ['/audio/speech', 'speed above 4', { ...speech, speed: 10 }, 'speed'],
    ['/audio/speech', 'an unknown response_format', { ...speech, response_format: 'midi' }, 'response_format'],
    ['/images/edit', 'without an image', { prompt: 'x' }, 'image'],
    ['/tokenize', 'without text', { model: 'm' }, 'text'],
    ['/tokenize', 'text as a number', { text: 7 }, 'text'],
    ['/tokenize', 'an empty model name', { model: '', text: 'x' }, 'model'],
    ['/detokenize', 'without tokens', {}, 'tokens'],
    ['/detokenize', 'a negative token id', { tokens: [1, -2] }, 'tokens.1'],
    ['/detokenize', 'a fractional token id', { tokens: [1.5] }, 'tokens.0'],
    ['/detokenize', 'tokens as a string', { tokens: '1 2 3' }, 'tokens'],
    ['/long_context_process', 'without text', { prompt: 'Summarize' }, 'text'],
    ['/long_context_process', 'empty text', { text: '' }, 'text'],
    ['/long_context_process', 'prompt as a number', { text: 'x', prompt: 5 }, 'prompt'],
    ['/long_context_process', 'max_generation_tokens of 0', { text: 'x', max_generation_tokens: 0 }, 'max_generation_tokens'],
    ['/long_context_process', 'a chunk_size too small', { text: 'x', chunk_size: 3 }, 'chunk_size'],
    ['/tokenize', 'bad JSON', '{"text": ', null],
  ];
  for (const [path, name, body, param] of malformed) {
    test(`POST ${path} ${name} is a 400 on ${param}`, async () => {
      const { status, body: answer } = await request('POST', path, body);
      assert.equal(status, 400);
      assert.equal(answer.error.type, 'invalid_request_error');
      assert.equal(answer.error.param, param);
    });
  }

  test('an unknown model is a 404 model_not_found in the OpenAI shape', async () => {
    for (const [path, body] of [
      ['/tokenize', { model: 'no-such-model', text: 'x' }],
      ['/detokenize', { model: 'no-such-model', tokens: [1] }],
      ['/long_context_process', { model: 'no-such-model', text: 'x' }],
    ] as const) {
      const { status, body: answer } = await request('POST', path, body);
      assert.equal(status, 404, path);
      assert.deepEqual({ ...answer.error, message: undefined }, { message: undefined, type: 'not_found_error', param: 'model', code: 'model_not_found' });
      assert.match(answer.error.message, /no-such-model/);
    }
  });

  test('without a model and none loaded, model is required', async () => {
    for (const [path, body] of [
      ['/tokenize', { text: 'x' }],
      ['/detokenize', { tokens: [1] }],
      ['/long_context_process', { text: 'x' }],
    ] as const) {
      const { status, body: answer } = await request('POST', path, body);
      assert.equal(status, 400, path);
      assert.equal(answer.error.param, 'model');
      assert.equal(answer.error.code, 'no_model_loaded');
      assert.match(answer.error.message, /model is required/);
    }
  });

  test('RAG: no datastores yet is an empty list, and an unknown datastore a 404 (main/server/lollms/rag.model.test.ts has the rest)', async () => {
    const response = await fetch(`${server.url}/lollms/v1/rag/databases`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { object: 'list', data: [] });
    const { status, body } = await request('POST', '/rag/query', ragQuery);
    assert.equal(status, 404);
    assert.equal(body.error.code, 'datastore_not_found');
  });

  test('GET /models lists in the OpenAI shape', async () => {
    const response = await fetch(`${server.url}/lollms/v1/models`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { object: 'list', data: [] });
  });
});
