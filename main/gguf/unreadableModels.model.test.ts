import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import OpenAI, { APIError } from 'openai';
import type { OpenAiModel } from '../../common/api/openai.js';
import type { OllamaListResponse } from '../../common/api/ollama.js';
import { GgufBytes, ggufType, tinyGguf } from '../../test/fixtures/ggufBytes.js';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';
import { ggufHeadersRead } from './readModelFacts.js';

// Files a hub could serve: each one made node-llama-cpp's reader hang, spin or allocate hundreds of MB.
const hostileFiles: Record<string, () => Promise<Buffer>> = {
  'kv-bomb': async () => new GgufBytes().header({ tensors: 0, keyValues: 10n ** 12n }).raw(Buffer.alloc(45)).build(),
  'string-bomb': async () => new GgufBytes().header({ tensors: 0, keyValues: 1 }).string('general.name').u32(ggufType.string).u64(256 * 1024 * 1024).raw('x').build(),
  'array-bomb': async () => new GgufBytes().header({ tensors: 0, keyValues: 1 }).keyArray('tokenizer.ggml.tokens', ggufType.string, 2n ** 40n).build(),
  'not-gguf': async () => Buffer.from('<html>rate limited</html>'),
  truncated: async () => (await readFile(testModelPath(testModels.tiny))).subarray(0, 100_000),
};
const broken = Object.keys(hostileFiles);
// A well-formed header with a 32 MB vocabulary of 4M empty strings: slow enough to read that requests overlap it.
const largeVocabulary = () => new GgufBytes().header({ tensors: 0, keyValues: 1 }).keyArray('tokenizer.ggml.merges', ggufType.string, 4 * 1024 * 1024).raw(Buffer.alloc(32 * 1024 * 1024)).build();

const within = (seconds: number) => ({ signal: AbortSignal.timeout(seconds * 1000) });

describe('models whose GGUF header is unreadable', { skip: missingTestModels([testModels.tiny]) }, () => {
  let server: TestServer;
  let openai: OpenAI;
  let ollama: Ollama;
  let rssBefore: number;

  before(async () => {
    server = await startTestServer({ models: [testModels.tiny], settings: { modelDefaults: { threads: 1 } } });
    for (const [name, bytes] of Object.entries(hostileFiles)) await writeFile(path.join(server.modelsDir, `${name}.gguf`), await bytes());
    await writeFile(path.join(server.modelsDir, 'large-vocabulary.gguf'), largeVocabulary());
    openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    ollama = new Ollama({ host: server.url });
    rssBefore = process.memoryUsage().rss;
  });
  after(() => server?.close());

  test('GET /v1/models answers promptly, listing each broken file with its reason, while /health answers', async () => {
    const listing = fetch(`${server.url}/v1/models`, within(20));
    const health = await fetch(`${server.url}/health`, within(5));
    assert.equal(health.status, 200);
    const response = await listing;
    assert.equal(response.status, 200);
    const models = new Map(((await response.json()) as { data: OpenAiModel[] }).data.map((m) => [m.id, m.hearth]));
    for (const id of broken) {
      assert.equal(models.get(id)?.state, 'error', id);
      assert.match(models.get(id)?.error ?? '', /^unreadable model file: /, id);
    }
    assert.match(models.get('kv-bomb')!.error!, /1000000000000 metadata entries/);
    assert.match(models.get('string-bomb')!.error!, /claims 268435456 bytes/);
    assert.match(models.get('not-gguf')!.error!, /not a GGUF file/);
    assert.match(models.get('truncated')!.error!, /truncated/);
    assert.equal(models.get(testModels.tiny)?.state, 'unloaded');
    assert.equal(models.get(testModels.tiny)?.architecture, 'llama');
    assert.equal(models.get('large-vocabulary')?.error, undefined);
  });

  test('GET /api/tags lists them too, with the reason; a second listing reads no header again', async () => {
    const first = (await (await fetch(`${server.url}/api/tags`, within(20))).json()) as OllamaListResponse;
    const reads = ggufHeadersRead();
    const second = (await (await fetch(`${server.url}/api/tags`, within(20))).json()) as OllamaListResponse;
    await openai.models.list();
    assert.equal(ggufHeadersRead(), reads, 'failures and successes are both cached');
    assert.deepEqual(second, first);
    const byName = new Map(first.models.map((m) => [m.name, m]));
    for (const id of broken) assert.match(byName.get(`${id}:latest`)?.error ?? '', /^unreadable model file: /, id);
    assert.equal(byName.get(`${testModels.tiny}:latest`)?.error, undefined);
  });

  test('chat, completion, load and show with a broken model answer 422 in each family’s shape', async () => {
    for (const stream of [false, true]) {
      await assert.rejects(
        openai.chat.completions.create({ model: 'kv-bomb', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2, stream }),
        (error: APIError) => error.status === 422 && error.code === 'model_unreadable' && /unreadable model file: .*metadata entries/.test(error.message),
      );
    }
    await assert.rejects(openai.completions.create({ model: 'string-bomb', prompt: 'Hi', max_tokens: 2 }), (error: APIError) => error.status === 422 && error.type === 'invalid_request_error');

    const raw = await fetch(`${server.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'array-bomb', messages: [{ role: 'user', content: 'Hi' }] }), ...within(20) });
    assert.equal(raw.status, 422);
    const body = (await raw.json()) as { error: unknown };
    assert.equal(typeof body.error, 'string');
    assert.match(body.error as string, /^The model 'array-bomb' cannot be loaded: unreadable model file: /);
    await assert.rejects(ollama.generate({ model: 'truncated', prompt: 'Hi', stream: false }), (error: Error & { status_code?: number }) => error.status_code === 422 && /truncated/.test(error.message));
    await assert.rejects(ollama.show({ model: 'not-gguf' }), (error: Error & { status_code?: number }) => error.status_code === 422);
    // Ollama loads a model with an empty prompt; the engine's own load refuses it the same way.
    await assert.rejects(ollama.generate({ model: 'kv-bomb', prompt: '' }), (error: Error & { status_code?: number }) => error.status_code === 422);
    await assert.rejects(server.services.engine.load('string-bomb'), { name: 'UnreadableModelError', status: 422 });

    // The good model beside them still loads and answers.
    const reply = await openai.chat.completions.create({ model: testModels.tiny, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 });
    assert.equal(reply.model, testModels.tiny);
  });

  test('memory stays bounded after reading every hostile header', () => {
    const grown = process.memoryUsage().rss - rssBefore;
    assert.ok(grown < 200 * 1024 * 1024, `RSS grew ${Math.round(grown / 1024 / 1024)} MB`);
  });
});

describe('a model whose header reads but llama.cpp refuses to load', { skip: missingTestModels([testModels.tiny]) }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ models: [testModels.tiny], settings: { modelDefaults: { threads: 1 } } });
    // A valid header of three tokens and one tensor: nothing a llama model needs to run.
    await writeFile(path.join(server.modelsDir, 'header-only.gguf'), tinyGguf({ name: 'header only' }));
  });
  after(() => server?.close());

  test('answers 422 model_unreadable in each family’s shape, and is then listed with the reason', async () => {
    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    await assert.rejects(
      openai.chat.completions.create({ model: 'header-only', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 }),
      (error: APIError) => error.status === 422 && error.code === 'model_unreadable' && /llama\.cpp could not load it/.test(error.message),
    );
    await assert.rejects(new Ollama({ host: server.url }).generate({ model: 'header-only', prompt: 'Hi' }), (error: Error & { status_code?: number }) => error.status_code === 422);
    const localLab = await fetch(`${server.url}/models/load`, { method: 'POST', body: JSON.stringify({ model_id: 'header-only' }) });
    assert.equal(localLab.status, 422);
    assert.match(((await localLab.json()) as { detail: string }).detail, /cannot be loaded: unreadable model file: llama\.cpp could not load it/);

    const listed = ((await (await fetch(`${server.url}/v1/models`)).json()) as { data: OpenAiModel[] }).data.find((m) => m.id === 'header-only');
    assert.equal(listed?.hearth.state, 'error');
    assert.match(listed?.hearth.error ?? '', /^unreadable model file: llama\.cpp could not load it/);
    // The good model beside it still answers.
    assert.equal((await openai.chat.completions.create({ model: testModels.tiny, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 })).model, testModels.tiny);
  });
});
