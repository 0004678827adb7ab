import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const models = [testModels.tiny];

describe('POST /api/generate', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: Ollama;
  before(async () => {
    server = await startTestServer({ models });
    client = new Ollama({ host: server.url });
  });
  after(() => server?.close());

  test('non-streamed, through the chat template: response text and metrics', async () => {
    const response = await client.generate({ model: testModels.tiny, prompt: 'Once upon a time', system: 'Tell a story.', stream: false, options: { num_predict: 6 } });
    assert.equal(response.done, true);
    assert.equal(typeof response.response, 'string');
    assert.ok(response.eval_count > 0 && response.eval_count <= 6);
    assert.ok(['stop', 'length'].includes(response.done_reason));
    assert.ok(response.prompt_eval_duration >= 0 && response.total_duration > 0);
  });

  test('system reaches the prompt: the same prompt with a system message evaluates more tokens', async () => {
    const plain = await client.generate({ model: testModels.tiny, prompt: 'Once upon a time', stream: false, options: { num_predict: 1 } });
    const withSystem = await client.generate({ model: testModels.tiny, prompt: 'Once upon a time', system: 'You are a storyteller who writes for children.', stream: false, options: { num_predict: 1 } });
    assert.ok(withSystem.prompt_eval_count > plain.prompt_eval_count + 5, `${withSystem.prompt_eval_count} vs ${plain.prompt_eval_count}`);
  });

  test('format with a JSON schema: the response validates', async () => {
    const schema = { type: 'object', properties: { title: { type: 'string', maxLength: 20 }, pages: { type: 'integer' } }, required: ['title', 'pages'] };
    const response = await client.generate({ model: testModels.tiny, prompt: 'A book:', format: schema, stream: false, options: { num_predict: 80 } });
    assert.equal(typeof response.response, 'string');
    const value = JSON.parse(response.response!);
    assert.equal(typeof value.title, 'string');
    assert.ok(value.title.length <= 20);
    assert.ok(Number.isInteger(value.pages));
  });

  test('the stream is NDJSON with the Ollama content type, one object a line', async () => {
    const response = await fetch(`${server.url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: testModels.tiny, prompt: 'Hi', options: { num_predict: 4 } }) });
    assert.match(response.headers.get('content-type') ?? '', /^application\/x-ndjson/);
    const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
    assert.ok(lines.slice(0, -1).every((line) => line.done === false && typeof line.response === 'string'));
    assert.equal(lines.at(-1).done, true);
  });

  test('raw: the prompt is completed as it is, so fewer prompt tokens than with the template', async () => {
    const templated = await client.generate({ model: testModels.tiny, prompt: 'Once upon a time', stream: false, options: { num_predict: 2 } });
    const raw = await client.generate({ model: testModels.tiny, prompt: 'Once upon a time', raw: true, stream: false, options: { num_predict: 2 } });
    assert.ok(raw.prompt_eval_count < templated.prompt_eval_count, `${raw.prompt_eval_count} < ${templated.prompt_eval_count}`);
  });

  test('streamed: response pieces, then done: true; num_predict ends it with done_reason length', async () => {
    const stream = await client.generate({ model: testModels.tiny, prompt: 'Once upon a time', raw: true, stream: true, options: { num_predict: 5, temperature: 0 } });
    let text = '';
    let last;
    for await (const part of stream) {
      if (!part.done) text += part.response;
      last = part;
    }
    assert.equal(last!.done, true);
    assert.ok(last!.eval_count <= 5);
    if (last!.eval_count === 5) assert.equal(last!.done_reason, 'length');
    assert.ok(text.length > 0);
  });

  test('stop strings from options end generation before them', async () => {
    const free = await client.generate({ model: testModels.tiny, prompt: 'Once upon a time', raw: true, stream: false, options: { num_predict: 40, temperature: 0 } });
    const word = free.response!.trim().split(/\s+/)[2];
    assert.ok(word, 'the model wrote a few words');
    const stopped = await client.generate({ model: testModels.tiny, prompt: 'Once upon a time', raw: true, stream: false, options: { num_predict: 40, temperature: 0, stop: [word] } });
    assert.ok(!stopped.response!.includes(word));
    assert.ok(stopped.response!.length < free.response!.length);
  });

  test('empty prompt loads the model (ps lists it with an expiry); keep_alive 0 unloads it', async () => {
    const loaded = await client.generate({ model: testModels.tiny, prompt: '', keep_alive: '1h30m' });
    assert.equal(loaded.done_reason, 'load');
    const running = (await client.ps()).models.find((model) => model.name === `${testModels.tiny}:latest`);
    assert.ok(running, 'ps lists the loaded model');
    const expiresIn = Date.parse(String(running.expires_at)) - Date.now();
    assert.ok(expiresIn > 80 * 60_000 && expiresIn <= 90 * 60_000, `expires in ${expiresIn} ms`);
    assert.equal(running.size_vram, 0, 'CPU only in tests');
    assert.ok(running.size > 0);

    const unloaded = await client.generate({ model: testModels.tiny, prompt: '', keep_alive: 0 });
    assert.equal(unloaded.done_reason, 'unload');
    assert.deepEqual((await client.ps()).models, []);
  });

  test('keep_alive 0 on a generation unloads the model right after it', async () => {
    await client.generate({ model: testModels.tiny, prompt: 'Hello', stream: false, keep_alive: 0, options: { num_predict: 2 } });
    // The unload runs off a zero-delay timer once the request is done.
    let models = (await client.ps()).models;
    for (let tries = 0; tries < 20 && models.length > 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      models = (await client.ps()).models;
    }
    assert.deepEqual(models, []);
  });

  test('negative keep_alive keeps the model loaded (a far expiry)', async () => {
    await client.generate({ model: testModels.tiny, prompt: 'Hello', stream: false, keep_alive: -1, options: { num_predict: 1 } });
    const running = (await client.ps()).models[0];
    assert.ok(running && Date.parse(String(running.expires_at)) > Date.now() + 100 * 365 * 86_400_000);
  });

  const refused: Array<[string, Record<string, unknown>, number, RegExp]> = [
    ['images for a text-only model', { images: ['aGVsbG8='] }, 400, /images/],
    ['a custom template', { template: '{{ .Prompt }}' }, 400, /template/],
    ['an old context list', { context: [1, 2, 3] }, 400, /context/],
    ['a suffix on a model without infill tokens', { suffix: ' the end.' }, 400, /fill-in-the-middle/],
    ['an unknown model', { model: 'missing:7b' }, 404, /missing:7b/],
  ];
  for (const [what, extra, status, message] of refused) {
    test(`${status} for ${what}`, async () => {
      const response = await fetch(`${server.url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: testModels.tiny, prompt: 'Hi', stream: false, ...extra }) });
      assert.equal(response.status, status);
      const body = await response.json();
      assert.match(body.error, message);
    });
  }
});
