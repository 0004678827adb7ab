import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import { startHfMirror, type HfMirror } from '../../../test/fixtures/hfMirror.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModelPath, testModels } from '../../../test/testModels.js';

describe('POST /api/pull through the download service', { skip: missingTestModels([testModels.tiny]) }, () => {
  let mirror: HfMirror;
  let server: TestServer;
  before(async () => {
    mirror = await startHfMirror({ 'test/tiny-GGUF': { files: { 'stories260K-Q8_0.gguf': testModelPath(testModels.tiny) } } });
    server = await startTestServer({ settings: { hfEndpoint: mirror.url } });
  });
  after(async () => {
    await server?.close();
    await mirror?.close();
  });

  test('streams progress ending in success; the pulled name then lists and chats', async () => {
    const client = new Ollama({ host: server.url });
    const name = 'hf.co/test/tiny-GGUF:Q8_0';
    const progress = [];
    for await (const part of await client.pull({ model: name, stream: true })) progress.push(part);
    assert.equal(progress[0]!.status, 'pulling manifest');
    assert.equal(progress.at(-1)!.status, 'success');
    const bytes = progress.filter((part) => part.status.startsWith('pulling ') && part.total > 0);
    assert.ok(bytes.length > 0, 'byte progress was reported');
    assert.equal(bytes.at(-1)!.completed, bytes.at(-1)!.total);

    const listed = (await client.list()).models.map((model) => model.name);
    assert.ok(listed.includes(name), `${listed.join(', ')} includes ${name}`);
    const chat = await client.chat({ model: name, messages: [{ role: 'user', content: 'Hi' }], options: { num_predict: 2 } });
    assert.equal(chat.done, true);
    assert.equal((await server.services.engine.listModels()).length, 1);
    assert.ok(existsSync(path.join(server.modelsDir, (await server.services.engine.listModels())[0]!.id + '.gguf')));
  });

  test('deleting the pulled name deletes the model: its file leaves the models dir and the listing', async () => {
    const client = new Ollama({ host: server.url });
    const name = 'hf.co/test/tiny-GGUF:Q8_0';
    if (!(await client.list()).models.some((model) => model.name === name)) await client.pull({ model: name, stream: false });
    const [pulled] = await server.services.engine.listModels();
    assert.ok(pulled);
    assert.ok(existsSync(pulled.file));
    assert.equal((await client.delete({ model: name })).status, 'success');
    assert.equal(existsSync(pulled.file), false, 'the downloaded file is gone');
    assert.deepEqual((await client.list()).models, []);
    await assert.rejects(client.show({ model: name }), (error: Error & { status_code?: number }) => error.status_code === 404);
  });

  test('an unknown quantization is an error the client sees', async () => {
    const client = new Ollama({ host: server.url });
    await assert.rejects(client.pull({ model: 'hf.co/test/tiny-GGUF:Q2_K', stream: false }), (error: Error & { status_code?: number }) => (error.status_code ?? 0) >= 400);
  });
});
