import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { Ollama, type ChatRequest, type Tool } from 'ollama';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// Tiny models: these tests check the API's mechanics (shapes, streaming, grammars, errors), never answer quality.
const models = [testModels.tiny, testModels.chatml];
const weatherTool: Tool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
  },
};

describe('POST /api/chat', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: Ollama;
  before(async () => {
    server = await startTestServer({ models });
    client = new Ollama({ host: server.url });
  });
  after(() => server?.close());

  test('non-streamed: one final object with counts and nanosecond durations', async () => {
    const started = process.hrtime.bigint();
    const response = await client.chat({ model: testModels.tiny, messages: [{ role: 'user', content: 'Once upon a time' }], stream: false, options: { num_predict: 8, temperature: 0 } });
    const elapsed = Number(process.hrtime.bigint() - started);
    assert.equal(response.model, testModels.tiny);
    assert.equal(response.done, true);
    assert.equal(response.message.role, 'assistant');
    assert.equal(typeof response.message.content, 'string');
    assert.ok(['stop', 'length'].includes(response.done_reason));
    assert.ok(response.eval_count > 0 && response.eval_count <= 8);
    if (response.done_reason === 'length') assert.equal(response.eval_count, 8);
    assert.ok(response.prompt_eval_count > 0);
    assert.ok(response.total_duration > 0 && response.total_duration <= elapsed, 'total_duration is in nanoseconds and within the wall time');
    assert.ok(response.eval_duration <= response.total_duration);
    assert.ok(!Number.isNaN(Date.parse(String(response.created_at))));
  });

  test('streamed: chunks of text, then done: true with metrics; name:latest resolves', async () => {
    const stream = await client.chat({ model: `${testModels.tiny}:latest`, messages: [{ role: 'user', content: 'Once upon a time' }], stream: true, options: { num_predict: 12 } });
    const parts = [];
    for await (const part of stream) parts.push(part);
    const last = parts.at(-1)!;
    assert.equal(last.done, true);
    assert.ok(parts.slice(0, -1).every((part) => part.done === false && part.message.role === 'assistant'));
    assert.ok(parts.length >= 2, 'at least one text chunk before the final object');
    assert.equal(last.model, `${testModels.tiny}:latest`);
    assert.ok(last.eval_count > 0 && last.eval_count <= 12);
    assert.ok(last.total_duration > 0);
  });

  test('the stream is NDJSON with the Ollama content type', async () => {
    const response = await fetch(`${server.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: testModels.tiny, messages: [{ role: 'user', content: 'Hi' }], options: { num_predict: 4 } }) });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/x-ndjson/);
    const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.at(-1).done, true);
  });

  test('format with a JSON schema: the reply validates', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string', maxLength: 12 }, age: { type: 'integer' }, pet: { enum: ['cat', 'dog'] } },
      required: ['name', 'age', 'pet'],
    };
    const response = await client.chat({ model: testModels.tiny, messages: [{ role: 'user', content: 'Describe a person.' }], format: schema, stream: false, options: { num_predict: 120 } });
    const value = JSON.parse(response.message.content);
    assert.equal(typeof value.name, 'string');
    assert.ok(value.name.length <= 12);
    assert.ok(Number.isInteger(value.age), response.message.content);
    assert.ok(['cat', 'dog'].includes(value.pet));
  });

  test('format "json": the reply parses as JSON', async () => {
    const response = await client.chat({ model: testModels.tiny, messages: [{ role: 'user', content: 'A JSON object please.' }], format: 'json', stream: false, options: { num_predict: 60, temperature: 0 } });
    if (response.done_reason === 'stop') assert.doesNotThrow(() => JSON.parse(response.message.content));
    else assert.ok(response.message.content.trimStart().startsWith('{') || response.message.content.trimStart().startsWith('['));
  });

  test('tools reach the prompt: the same messages with a tool definition evaluate more prompt tokens', async () => {
    const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const plain = await client.chat({ model: testModels.chatml, messages, stream: false, options: { num_predict: 4 } });
    const withTools = await client.chat({ model: testModels.chatml, messages, tools: [weatherTool], stream: false, options: { num_predict: 4 } });
    assert.ok(withTools.prompt_eval_count > plain.prompt_eval_count + 10, `${withTools.prompt_eval_count} vs ${plain.prompt_eval_count}`);
    for (const call of withTools.message.tool_calls ?? []) {
      assert.equal(call.function.name, 'get_weather');
      assert.equal(typeof call.function.arguments, 'object', 'arguments are an object in Ollama, not JSON text');
    }
  });

  test("a tool result round trip: the assistant's call (arguments as an object) and a role 'tool' answer", async () => {
    const call = { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] };
    const question = { role: 'user', content: 'What is the weather in Paris?' };
    const withoutResult = await client.chat({ model: testModels.chatml, messages: [question], tools: [weatherTool], stream: false, options: { num_predict: 4 } });
    const response = await client.chat({
      model: testModels.chatml,
      messages: [question, call, { role: 'tool', content: '{"temperature": 21, "sky": "clear"}', tool_name: 'get_weather' }],
      tools: [weatherTool],
      stream: false,
      options: { num_predict: 8 },
    });
    assert.equal(response.done, true);
    assert.ok(response.prompt_eval_count > withoutResult.prompt_eval_count, 'the call and its result are part of the prompt');
  });

  test('a tool result that answers no call is a 400 in the flat error shape', async () => {
    const response = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: testModels.chatml, stream: false, messages: [{ role: 'user', content: 'Hi' }, { role: 'tool', content: '42', tool_name: 'get_weather' }] }),
    });
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.equal(typeof body.error, 'string');
    assert.match(body.error, /no earlier assistant message/);
  });

  test('an unknown model is a 404 with {"error": "..."}, on both prefixes', async () => {
    for (const prefix of ['/api', '/ollama/api']) {
      const response = await fetch(`${server.url}${prefix}/chat`, { method: 'POST', body: JSON.stringify({ model: 'no-such-model', messages: [{ role: 'user', content: 'Hi' }] }) });
      assert.equal(response.status, 404);
      const body = await response.json();
      assert.deepEqual(Object.keys(body), ['error']);
      assert.match(body.error, /no-such-model/);
    }
    await assert.rejects(client.chat({ model: 'no-such-model', messages: [{ role: 'user', content: 'Hi' }] }), (error: Error & { status_code?: number }) => error.status_code === 404);
  });

  const malformed: Array<[string, unknown]> = [
    ['no model', { messages: [{ role: 'user', content: 'Hi' }] }],
    ['messages not a list', { model: testModels.tiny, messages: 'Hi' }],
    ['an unknown role', { model: testModels.tiny, messages: [{ role: 'wizard', content: 'Hi' }] }],
    ['temperature below zero', { model: testModels.tiny, messages: [{ role: 'user', content: 'Hi' }], options: { temperature: -1 } }],
    ['a keep_alive that is no duration', { model: testModels.tiny, messages: [{ role: 'user', content: 'Hi' }], keep_alive: 'soon' }],
    ['an image for a text-only model', { model: testModels.tiny, messages: [{ role: 'user', content: 'Hi', images: ['aGVsbG8='] }] }],
    ['num_ctx above the loaded context', { model: testModels.tiny, messages: [{ role: 'user', content: 'Hi' }], options: { num_ctx: 1_000_000 } }],
  ];
  for (const [what, body] of malformed) {
    test(`400 for ${what}`, async () => {
      const response = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(response.status, 400);
      const answer = await response.json();
      assert.equal(typeof answer.error, 'string');
      if (what.startsWith('num_ctx')) assert.match(answer.error, /contextSize/);
      if (what.startsWith('an image')) assert.match(answer.error, /images/);
    });
  }

  test('empty messages load the model; keep_alive 0 unloads it', async () => {
    const loaded = await client.chat({ model: testModels.chatml, messages: [], keep_alive: '10m' });
    assert.equal(loaded.done_reason, 'load');
    assert.ok((await client.ps()).models.some((model) => model.name === `${testModels.chatml}:latest`));
    const unloaded = await client.chat({ model: testModels.chatml, messages: [], keep_alive: 0 });
    assert.equal(unloaded.done_reason, 'unload');
    assert.ok(!(await client.ps()).models.some((model) => model.name === `${testModels.chatml}:latest`));
  });
});

describe('aborting an /api/chat stream', { skip: missingTestModels([testModels.tinyRandom]) }, () => {
  let server: TestServer;
  before(async () => {
    // One slot: a following request can only start once the aborted one has freed it.
    server = await startTestServer({ models: [testModels.tinyRandom], settings: { modelDefaults: { parallelSlots: 1 } } });
  });
  after(() => server?.close());

  test('frees the slot at once and generation stops', async () => {
    const client = new Ollama({ host: server.url });
    // Random weights rarely produce an end token, so this would run for thousands of tokens.
    const stream = await client.chat({ model: testModels.tinyRandom, messages: [{ role: 'user', content: 'Go on' }], stream: true, options: { num_predict: 3500, temperature: 1 } });
    let chunks = 0;
    for await (const part of stream) {
      assert.equal(part.done, false);
      if (++chunks === 3) break;
    }
    stream.abort();
    const counters = server.services.engine.counters;
    // A token already being decoded may still land after the abort; on a loaded machine that can take a while.
    let afterAbort = counters.generatedTokens;
    for (let waited = 0; waited < 3000; waited += 100) {
      await sleep(100);
      if (counters.generatedTokens === afterAbort) break;
      afterAbort = counters.generatedTokens;
    }
    await sleep(300);
    assert.equal(counters.generatedTokens, afterAbort, 'no tokens are generated after the abort');

    const started = performance.now();
    const next = await new Ollama({ host: server.url }).chat({ model: testModels.tinyRandom, messages: [{ role: 'user', content: 'Hi' }], stream: false, options: { num_predict: 4 } });
    assert.equal(next.done, true);
    assert.ok(performance.now() - started < 2000, 'the next request did not wait for the aborted one to finish');
  });
});

describe('tool calls, think and model lifetime over /api/chat', { skip: missingTestModels([testModels.chatml]) }, () => {
  let server: TestServer;
  let client: Ollama;
  before(async () => {
    server = await startTestServer({ models: [testModels.chatml] });
    client = new Ollama({ host: server.url });
  });
  after(() => server?.close());

  const question = { role: 'user', content: 'What is the weather in Paris?' };
  // Bounded strings, so a forced call always completes within num_predict (an unbounded string from a tiny model may not end).
  const city = { type: 'string', maxLength: 16 };
  const boundedWeatherTool: Tool = { type: 'function', function: { ...weatherTool.function, parameters: { type: 'object', properties: { city }, required: ['city'] } } };
  const timeTool: Tool = { type: 'function', function: { name: 'get_time', description: 'The time in a city', parameters: { type: 'object', properties: { city }, required: ['city'] } } };
  // tool_choice is Hearth's extension to Ollama's request (see common/api/ollama.ts); ollama-js sends the fields it is given.
  const forced = <S extends boolean>(toolChoice: unknown, stream: S) =>
    ({ model: testModels.chatml, messages: [question], tools: [boundedWeatherTool, timeTool], tool_choice: toolChoice, stream, options: { num_predict: 120 } }) as ChatRequest & { stream: S };

  test('the first request loads the model and says so in load_duration; a second finds it loaded', async () => {
    const first = await client.chat({ model: testModels.chatml, messages: [question], stream: false, options: { num_predict: 2 } });
    assert.ok(first.load_duration > 1e6, `load_duration ${first.load_duration} ns covers loading the model`);
    assert.ok(first.load_duration < first.total_duration);
    const second = await client.chat({ model: testModels.chatml, messages: [question], stream: false, options: { num_predict: 2 } });
    assert.ok(second.load_duration < first.load_duration / 10, `${second.load_duration} ns once loaded`);
  });

  test('with no keep_alive the model stays loaded for Ollama\'s five minutes', async () => {
    await client.chat({ model: testModels.chatml, messages: [question], stream: false, options: { num_predict: 1 } });
    const running = (await client.ps()).models.find((model) => model.name === `${testModels.chatml}:latest`);
    assert.ok(running);
    const expiresIn = Date.parse(String(running.expires_at)) - Date.now();
    assert.ok(expiresIn > 290_000 && expiresIn <= 300_000, `expires in ${expiresIn} ms`);
  });

  test('a numeric keep_alive is seconds', async () => {
    await client.chat({ model: testModels.chatml, messages: [question], stream: false, keep_alive: 42, options: { num_predict: 1 } });
    const running = (await client.ps()).models.find((model) => model.name === `${testModels.chatml}:latest`);
    const expiresIn = Date.parse(String(running!.expires_at)) - Date.now();
    assert.ok(expiresIn > 35_000 && expiresIn <= 42_000, `expires in ${expiresIn} ms`);
  });

  test('tool_choice "required": the reply is a tool call with object arguments, not text', async () => {
    const response = await client.chat(forced('required', false));
    assert.equal(response.done, true);
    const calls = response.message.tool_calls ?? [];
    assert.ok(calls.length >= 1, `tool calls: ${JSON.stringify(response.message)}`);
    for (const call of calls) {
      assert.ok(['get_weather', 'get_time'].includes(call.function.name), call.function.name);
      assert.equal(typeof call.function.arguments, 'object');
      assert.equal(typeof (call.function.arguments as { city?: unknown }).city, 'string');
    }
  });

  test('a named tool_choice calls that tool, streamed too', async () => {
    const parts = [];
    for await (const part of await client.chat(forced({ type: 'function', function: { name: 'get_time' } }, true))) parts.push(part);
    assert.equal(parts.at(-1)!.done, true);
    const calls = parts.flatMap((part) => part.message.tool_calls ?? []);
    assert.ok(calls.length >= 1, JSON.stringify(parts));
    assert.ok(calls.every((call) => call.function.name === 'get_time'));
    assert.equal(typeof (calls[0]!.function.arguments as { city?: unknown }).city, 'string');
  });

  test('tool_choice naming a tool that was not given is a 400', async () => {
    const response = await fetch(`${server.url}/api/chat`, { method: 'POST', body: JSON.stringify(forced({ type: 'function', function: { name: 'nope' } }, false)) });
    assert.equal(response.status, 400);
    assert.match((await response.json()).error, /nope/);
  });

  test('think is accepted: the answer comes, with no thinking part', async () => {
    for (const think of [true, 'low'] as const) {
      const response = await client.chat({ model: testModels.chatml, messages: [question], think, stream: false, options: { num_predict: 3 } });
      assert.equal(response.done, true);
      assert.equal(response.message.thinking, undefined);
    }
  });
});
