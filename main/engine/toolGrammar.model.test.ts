import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import OpenAI, { APIError } from 'openai';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { missingTestModels, testModels } from '../../test/testModels.js';

const model = testModels.tiny;

/** Parameters that pass the request schema (a bounded JSON object) but that node-llama-cpp can't document or compile. */
const unusable: Array<[string, Record<string, unknown>]> = [
  ['an enum that is no list', { type: 'string', enum: 'x' }],
  ['a oneOf that is no list', { oneOf: 7 }],
  ['a property schema that is null', { type: 'object', properties: { a: null } }],
];

describe('tools whose parameters schema node-llama-cpp can not use', { skip: missingTestModels([model]) }, () => {
  let server: TestServer;
  let openai: OpenAI;
  before(async () => {
    server = await startTestServer({ models: [model], settings: { modelDefaults: { threads: 1, contextSize: 1024 } } });
    openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => server?.close());

  for (const [name, parameters] of unusable) {
    test(`${name}: 400 naming the tool, in the OpenAI and Ollama shapes, streamed or not`, async () => {
      const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters } }];
      for (const stream of [false, true]) {
        await assert.rejects(
          openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2, tools, stream }),
          (error: APIError) => error.status === 400 && error.param === 'tools' && /parameters schema of the tool 'lookup' is not supported/.test(error.message),
        );
      }
      await assert.rejects(
        new Ollama({ host: server.url }).chat({ model, messages: [{ role: 'user', content: 'Hi' }], tools, stream: false, options: { num_predict: 2 } }),
        (error: Error & { status_code?: number }) => error.status_code === 400 && /tool 'lookup'/.test(error.message),
      );
    });
  }

  test('a usable schema still works, and no slot was left behind', async () => {
    const reply = await openai.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 2,
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string', enum: ['a', 'b'] } } } } }],
    });
    assert.equal(reply.choices.length, 1);
    assert.equal((await server.services.engine.getModel(model)).loaded?.activeRequests, 0);
  });
});
