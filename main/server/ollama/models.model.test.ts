import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModelPath, testModels } from '../../../test/testModels.js';

const models = [testModels.tiny, testModels.chatml];
const sha256 = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');

describe('Ollama model routes: tags, show, ps, version, copy, delete', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: Ollama;
  before(async () => {
    server = await startTestServer({ models });
    client = new Ollama({ host: server.url });
  });
  after(() => server?.close());

  test('list: every model as name:latest with the sha256 of its file and details', async () => {
    const { models: listed } = await client.list();
    const tiny = listed.find((model) => model.name === `${testModels.tiny}:latest`);
    assert.ok(tiny);
    assert.equal(tiny.model, tiny.name);
    assert.equal(tiny.digest, await sha256(testModelPath(testModels.tiny)), 'bare hex, as Ollama lists digests');
    assert.equal(tiny.size, lstatSync(testModelPath(testModels.tiny)).size);
    assert.equal(tiny.details.format, 'gguf');
    assert.equal(tiny.details.family, 'llama');
    assert.match(tiny.details.parameter_size, /^\d+(\.\d+)?K$/);
    assert.ok(tiny.details.quantization_level.length > 0);
    assert.ok(!Number.isNaN(Date.parse(String(tiny.modified_at))));
  });

  test('show: template, parameters, model_info from GGUF metadata, capabilities', async () => {
    const shown = await client.show({ model: testModels.chatml });
    assert.match(shown.template, /<\|im_start\|>/, 'the chat template from the file');
    assert.match(shown.parameters, /^num_ctx\s+\d+$/m);
    assert.match(shown.parameters, /^stop\s+".+"$/m);
    const info = shown.model_info as unknown as Record<string, unknown>;
    assert.equal(info['general.architecture'], 'llama');
    assert.equal(info['llama.context_length'], 2048);
    assert.equal(info['tokenizer.ggml.tokens'], null, 'vocabulary tables are left out');
    assert.ok(shown.capabilities.includes('completion'));
    assert.ok(shown.capabilities.includes('embedding'));
    assert.equal(shown.details.family, 'llama');
    assert.match(shown.modelfile, /^FROM /m);
    // The older `name` field and a model without a template.
    const legacy = await fetch(`${server.url}/api/show`, { method: 'POST', body: JSON.stringify({ name: `${testModels.tiny}:latest` }) });
    assert.equal(legacy.status, 200);
    assert.equal((await legacy.json()).template, '');
  });

  test('show of an unknown model is a 404 {"error"}', async () => {
    const response = await fetch(`${server.url}/api/show`, { method: 'POST', body: JSON.stringify({ model: 'nope:1b' }) });
    assert.equal(response.status, 404);
    assert.match((await response.json()).error, /nope:1b/);
  });

  test('version', async () => {
    assert.match((await client.version()).version, /^\d+\.\d+\.\d+$/);
  });

  test('create and push are 501 with a clear message', async () => {
    for (const route of ['create', 'push']) {
      const response = await fetch(`${server.url}/api/${route}`, { method: 'POST', body: JSON.stringify({ model: 'x' }) });
      assert.equal(response.status, 501);
      assert.match((await response.json()).error, /not supported/);
    }
  });

  test('pull refuses a name that is not a Hugging Face reference', async () => {
    const response = await fetch(`${server.url}/api/pull`, { method: 'POST', body: JSON.stringify({ model: 'llama3:8b' }) });
    assert.equal(response.status, 400);
    assert.match((await response.json()).error, /hf\.co\/USER\/REPO:QUANT/);
  });

  test('copy makes an alias: listed, usable for chat, saved in settings; deleting it removes only the name', async () => {
    await client.copy({ source: `${testModels.tiny}:latest`, destination: 'storyteller:v2' });
    assert.ok((await client.list()).models.some((model) => model.name === 'storyteller:v2'));
    assert.deepEqual(server.services.settings.get().models[testModels.tiny]?.aliases, ['storyteller:v2']);
    const chat = await client.chat({ model: 'storyteller:v2', messages: [{ role: 'user', content: 'Hi' }], options: { num_predict: 2 } });
    assert.equal(chat.done, true);

    await client.delete({ model: 'storyteller:v2' });
    assert.ok(!(await client.list()).models.some((model) => model.name === 'storyteller:v2'));
    assert.ok(existsSync(path.join(server.modelsDir, `${testModels.tiny}.gguf`)), 'the model file stays');
  });

  test('copy onto an existing model name is a 400', async () => {
    const response = await fetch(`${server.url}/api/copy`, { method: 'POST', body: JSON.stringify({ source: testModels.tiny, destination: testModels.chatml }) });
    assert.equal(response.status, 400);
  });

  test('delete unloads the model and deletes its file', async () => {
    await client.generate({ model: testModels.chatml, prompt: '', keep_alive: -1 });
    const isChatml = (model: { name: string }) => model.name === `${testModels.chatml}:latest`;
    assert.ok((await client.ps()).models.some(isChatml));
    await client.delete({ model: `${testModels.chatml}:latest` });
    assert.ok(!(await client.ps()).models.some(isChatml));
    assert.ok(!existsSync(path.join(server.modelsDir, `${testModels.chatml}.gguf`)));
    assert.ok(existsSync(testModelPath(testModels.chatml)), 'only the link in the models dir went');
    const again = await fetch(`${server.url}/api/delete`, { method: 'DELETE', body: JSON.stringify({ model: testModels.chatml }) });
    assert.equal(again.status, 404);
  });
});

describe('LoLLMs /ollama/v1 routes and auth', { skip: missingTestModels([testModels.tiny]) }, () => {
  let server: TestServer;
  let key: string;
  before(async () => {
    server = await startTestServer({ models: [testModels.tiny], settings: { requireApiKeys: true } });
    key = (await server.services.keys.create({ alias: 'ollama-test' })).key;
  });
  after(() => server?.close());

  const authorized = () => ({ authorization: `Bearer ${key}` });

  test('Ollama routes need the key when keys are required; the ollama client sends it as Bearer', async () => {
    const denied = await fetch(`${server.url}/api/tags`);
    assert.equal(denied.status, 401);
    assert.equal(typeof (await denied.json()).error, 'string', 'the flat Ollama error shape');
    const client = new Ollama({ host: server.url, headers: authorized() });
    assert.ok((await client.list()).models.length > 0);
    const chat = await client.chat({ model: testModels.tiny, messages: [{ role: 'user', content: 'Hi' }], options: { num_predict: 2 } });
    assert.equal(chat.done, true);
  });

  test('pull, copy and delete need an admin key: a user key gets 403 and the model stays', async () => {
    const headers = { ...authorized(), 'content-type': 'application/json' };
    const attempts = [
      fetch(`${server.url}/api/delete`, { method: 'DELETE', headers, body: JSON.stringify({ model: testModels.tiny }) }),
      fetch(`${server.url}/api/copy`, { method: 'POST', headers, body: JSON.stringify({ source: testModels.tiny, destination: 'other' }) }),
      fetch(`${server.url}/api/pull`, { method: 'POST', headers, body: JSON.stringify({ model: 'hf.co/someone/model:Q4_K_M' }) }),
    ];
    for (const response of await Promise.all(attempts)) {
      assert.equal(response.status, 403);
      assert.match((await response.json()).error, /admin key/);
    }
    assert.deepEqual((await server.services.engine.listModels()).map((m) => m.id), [testModels.tiny]);
    const admin = (await server.services.keys.create({ alias: 'ollama-admin', role: 'admin' })).key;
    const copied = await fetch(`${server.url}/api/copy`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ source: testModels.tiny, destination: 'renamed' }),
    });
    assert.equal(copied.status, 200);
  });

  test("GET /ollama/v1/models answers in Ollama's list format (and OpenAI's)", async () => {
    const response = await fetch(`${server.url}/ollama/v1/models`, { headers: authorized() });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.models[0].name, `${testModels.tiny}:latest`);
    assert.match(body.models[0].digest, /^[0-9a-f]{64}$/);
    assert.equal(body.object, 'list');
    assert.equal(body.data[0].id, testModels.tiny);
  });

  test('POST /ollama/v1/chat/completions is OpenAI-shaped chat through the engine', async () => {
    const response = await fetch(`${server.url}/ollama/v1/chat/completions`, {
      method: 'POST',
      headers: { ...authorized(), 'content-type': 'application/json' },
      body: JSON.stringify({ model: testModels.tiny, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 3 }),
    });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.object, 'chat.completion');
    assert.equal(typeof body.choices[0].message.content, 'string');
    assert.ok(body.usage.completion_tokens <= 3);
  });

  test('/api/v1/models stays with the OpenAI router', async () => {
    const response = await fetch(`${server.url}/api/v1/models`, { headers: authorized() });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.object, 'list');
    assert.equal(body.models, undefined);
  });
});
