import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const models = [testModels.tiny];
const model = testModels.tiny;
const messages = [{ role: 'user', content: 'Hi' }];
const bodyLimitBytes = 64 * 1024;

interface Case {
  name: string;
  path?: string;
  /** A raw string is sent as is; anything else as JSON. */
  body: unknown;
  status: number;
  /** The `param` expected (a prefix is enough for nested paths); undefined to not check. */
  param?: string | null;
  code?: string;
  type?: string;
}

const chat = (extra: Record<string, unknown>) => ({ model, messages, max_tokens: 2, ...extra });

const cases: Case[] = [
  { name: 'bad JSON', body: '{"model": "stories260K", "messages": [', status: 400, code: 'invalid_json' },
  { name: 'an array instead of an object', body: [], status: 400 },
  { name: 'an empty body', body: '', status: 400, param: 'model' },
  { name: 'model of the wrong type', body: chat({ model: 42 }), status: 400, param: 'model' },
  { name: 'an unknown model', body: chat({ model: 'no-such-model' }), status: 404, param: 'model', code: 'model_not_found', type: 'not_found_error' },
  { name: 'messages as a string', body: chat({ messages: 'Hi' }), status: 400, param: 'messages' },
  { name: 'empty messages', body: chat({ messages: [] }), status: 400, param: 'messages' },
  { name: 'an unknown role', body: chat({ messages: [{ role: 'wizard', content: 'Hi' }] }), status: 400, param: 'messages.0' },
  { name: 'content of the wrong type', body: chat({ messages: [{ role: 'user', content: 7 }] }), status: 400, param: 'messages.0.content' },
  { name: 'temperature as a string', body: chat({ temperature: 'hot' }), status: 400, param: 'temperature' },
  { name: 'temperature out of range', body: chat({ temperature: 5 }), status: 400, param: 'temperature' },
  { name: 'negative max_tokens', body: chat({ max_tokens: -5 }), status: 400, param: 'max_tokens' },
  { name: 'fractional max_tokens', body: chat({ max_tokens: 2.5 }), status: 400, param: 'max_tokens' },
  { name: 'stop of numbers', body: chat({ stop: [1, 2] }), status: 400, param: 'stop' },
  { name: 'stream as a string', body: chat({ stream: 'yes' }), status: 400, param: 'stream' },
  { name: 'json_schema without a schema', body: chat({ response_format: { type: 'json_schema', json_schema: { name: 'x' } } }), status: 400, param: 'response_format' },
  { name: 'an unknown response_format', body: chat({ response_format: { type: 'yaml' } }), status: 400, param: 'response_format' },
  { name: 'tool_choice required without tools', body: chat({ tool_choice: 'required' }), status: 400, param: 'tool_choice' },
  { name: 'n > 1', body: chat({ n: 3 }), status: 400, param: 'n' },
  { name: 'completions without a prompt', path: '/v1/completions', body: { model }, status: 400, param: 'prompt' },
  { name: 'completions with a token prompt', path: '/v1/completions', body: { model, prompt: [1, 2, 3] }, status: 400, param: 'prompt' },
  { name: 'completions with negative max_tokens', path: '/v1/completions', body: { model, prompt: 'Hi', max_tokens: -1 }, status: 400, param: 'max_tokens' },
  { name: 'embeddings without input', path: '/v1/embeddings', body: { model }, status: 400, param: 'input' },
  { name: 'embeddings with an unknown encoding', path: '/v1/embeddings', body: { model, input: 'x', encoding_format: 'hex' }, status: 400, param: 'encoding_format' },
  { name: 'an unknown route', path: '/v1/nothing-here', body: {}, status: 404, code: 'unknown_route' },
  {
    name: 'a body over the size limit',
    body: chat({ messages: [{ role: 'user', content: 'x'.repeat(bodyLimitBytes * 2) }] }),
    status: 413,
    code: 'payload_too_large',
  },
];

describe('malformed requests to the OpenAI routes', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ models, settings: { bodyLimitBytes } });
  });
  after(() => server?.close());

  for (const c of cases) {
    test(`${c.name} → ${c.status}`, async () => {
      const response = await fetch(`${server.url}${c.path ?? '/v1/chat/completions'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof c.body === 'string' ? c.body : JSON.stringify(c.body),
      });
      assert.equal(response.status, c.status);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await response.json()) as { error: Record<string, unknown> };
      // Exactly OpenAI's four fields, so every OpenAI client can read it.
      assert.deepEqual(Object.keys(body).sort(), ['error']);
      assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type']);
      assert.equal(typeof body.error.message, 'string');
      assert.ok((body.error.message as string).length > 0);
      assert.equal(body.error.type, c.type ?? (c.status === 404 ? 'not_found_error' : 'invalid_request_error'));
      if (c.param !== undefined) {
        assert.equal(typeof body.error.param, 'string', `param: ${String(body.error.param)}`);
        assert.ok((body.error.param as string).startsWith(c.param!), `param ${String(body.error.param)} should start with ${c.param}`);
      }
      if (c.code) assert.equal(body.error.code, c.code);

      // The server keeps serving after every bad request.
      const health = await fetch(`${server.url}/v1/models`);
      assert.equal(health.status, 200);
    });
  }

  test('still answers a good request after all of them', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(chat({ max_tokens: 3 })),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { usage: { completion_tokens: number } };
    assert.equal(body.usage.completion_tokens, 3);
  });
});
