import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import { writeGgufWithTemplate } from '../../../test/fixtures/ggufWithTemplate.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModelPath, testModels } from '../../../test/testModels.js';

const models = [testModels.tiny, testModels.chatml];
// ChatML that renders the request's tools into a system turn, as tool-aware templates do.
const toolsTemplate =
  "{%- if tools %}{{ '<|im_start|>system\\n' + (tools | tojson) + '<|im_end|>\\n' }}{%- endif %}" +
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

describe('POST /api/show capabilities', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: Ollama;
  before(async () => {
    server = await startTestServer({ models });
    await writeGgufWithTemplate(testModelPath(testModels.chatml), path.join(server.modelsDir, 'stories-tools.gguf'), toolsTemplate);
    client = new Ollama({ host: server.url });
  });
  after(() => server?.close());

  test('no template (stories260K): completion and embedding, no tools', async () => {
    const shown = await client.show({ model: testModels.tiny });
    assert.equal(shown.template, '');
    assert.deepEqual(shown.capabilities, ['completion', 'embedding']);
  });

  test('a ChatML template that never renders tools (stories260K-chatml): no tools', async () => {
    const shown = await client.show({ model: testModels.chatml });
    assert.match(shown.template, /<\|im_start\|>/);
    assert.doesNotMatch(shown.template, /tools/);
    assert.ok(!shown.capabilities.includes('tools'));
  });

  test('a template that renders tools: tools is listed', async () => {
    const shown = await client.show({ model: 'stories-tools' });
    assert.ok(shown.template.startsWith(toolsTemplate), 'the file carries the new template');
    assert.deepEqual(shown.capabilities, ['completion', 'tools', 'embedding']);
    // The rewritten file is still a model the engine serves.
    const reply = await client.chat({ model: 'stories-tools', messages: [{ role: 'user', content: 'Hi' }], stream: false, options: { num_predict: 2 } });
    assert.equal(reply.done, true);
  });
});
