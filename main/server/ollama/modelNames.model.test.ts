import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModelPath, testModels } from '../../../test/testModels.js';

describe('Ollama model names', { skip: missingTestModels([testModels.tiny]) }, () => {
  let server: TestServer;
  let client: Ollama;
  before(async () => {
    server = await startTestServer({ models: [testModels.tiny] });
    // A file named as GGUF files carry their quantization: stem-QUANT.gguf.
    await symlink(testModelPath(testModels.tiny), path.join(server.modelsDir, 'Tiny-Stories-Q8_0.gguf'));
    client = new Ollama({ host: server.url });
  });
  after(() => server?.close());

  const chatWith = (model: string) => client.chat({ model, messages: [{ role: 'user', content: 'Hi' }], stream: false, options: { num_predict: 1 } });

  test('name:tag finds the file stem-TAG.gguf, with the tag in any case', async () => {
    for (const name of ['Tiny-Stories:Q8_0', 'Tiny-Stories:q8_0']) {
      const shown = await client.show({ model: name });
      assert.match(shown.modelfile, /^FROM Tiny-Stories-Q8_0$/m, name);
      const reply = await chatWith(name);
      assert.equal(reply.model, name, 'Ollama echoes the name the client used');
      assert.equal(reply.done, true);
    }
  });

  test('names are case-insensitive, :latest included; the exact spelling is listed', async () => {
    for (const name of ['STORIES260K', 'stories260k:LATEST', 'tiny-stories-q8_0:latest']) assert.equal((await chatWith(name)).done, true, name);
    const names = (await client.list()).models.map((model) => model.name);
    assert.ok(names.includes(`${testModels.tiny}:latest`));
    assert.ok(names.includes('Tiny-Stories-Q8_0:latest'));
  });

  test('aliases made by copy resolve in any case too', async () => {
    await client.copy({ source: 'tiny-stories:Q8_0', destination: 'Narrator:small' });
    assert.deepEqual(server.services.settings.get().models['Tiny-Stories-Q8_0']?.aliases, ['Narrator:small']);
    assert.equal((await chatWith('narrator:SMALL')).done, true);
  });

  test('a tag with no such file is a 404 naming what was asked for', async () => {
    const response = await fetch(`${server.url}/api/show`, { method: 'POST', body: JSON.stringify({ model: 'Tiny-Stories:Q4_K_M' }) });
    assert.equal(response.status, 404);
    assert.match((await response.json()).error, /Tiny-Stories:Q4_K_M/);
  });
});
