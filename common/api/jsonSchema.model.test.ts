import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ollama } from 'ollama';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { missingTestModels, testModels } from '../../test/testModels.js';

const model = testModels.tiny;

/** A JSON schema `levels` deep as JSON text: JSON.stringify itself overflows on such a value. */
function deepSchemaText(levels: number): string {
  return '{"type":"object","properties":{"a":'.repeat(levels) + '{"type":"string"}' + '}}'.repeat(levels);
}

describe('JSON schemas nested thousands deep', { skip: missingTestModels([model]) }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ models: [model], settings: { modelDefaults: { threads: 1 } } });
  });
  after(() => server?.close());

  const post = (path: string, body: string) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const schema = deepSchemaText(3000);
  const user = '"messages":[{"role":"user","content":"Hi"}]';

  it('answer 400 in the family’s shape, naming the field, before the model is even loaded', async () => {
    const openAi: Array<[string, string, string]> = [
      ['/v1/chat/completions', `{"model":"${model}",${user},"max_tokens":2,"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":${schema}}}}`, 'response_format.json_schema.schema'],
      ['/v1/chat/completions', `{"model":"${model}",${user},"max_tokens":2,"tools":[{"type":"function","function":{"name":"f","parameters":${schema}}}]}`, 'tools.0.function.parameters'],
      ['/v1/completions', `{"model":"${model}","prompt":"Hi","max_tokens":2,"response_format":{"type":"json_schema","schema":${schema}}}`, 'response_format.schema'],
    ];
    for (const [path, body, param] of openAi) {
      const response = await post(path, body);
      assert.equal(response.status, 400, param);
      const { error } = await response.json();
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.param, param);
      assert.match(error.message, /at most 64 levels deep/);
    }
    const ollama: Array<[string, string]> = [
      ['/api/chat', `{"model":"${model}",${user},"stream":false,"format":${schema}}`],
      ['/api/generate', `{"model":"${model}","prompt":"Hi","stream":false,"format":${schema}}`],
      ['/api/chat', `{"model":"${model}",${user},"stream":false,"tools":[{"type":"function","function":{"name":"f","parameters":${schema}}}]}`],
    ];
    for (const [path, body] of ollama) {
      const response = await post(path, body);
      assert.equal(response.status, 400, path);
      const parsed = await response.json();
      assert.equal(typeof parsed.error, 'string');
      assert.match(parsed.error, /at most 64 levels deep/);
    }
    // Refused at validation: no slot was taken, nothing was even loaded.
    assert.deepEqual((await new Ollama({ host: server.url }).ps()).models, []);
  });

  it('still serves a schema of ordinary depth', async () => {
    const response = await post('/v1/chat/completions', `{"model":"${model}",${user},"max_tokens":4,"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":${deepSchemaText(3)}}}}`);
    assert.equal(response.status, 200);
  });
});
