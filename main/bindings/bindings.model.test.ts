import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import type { BindingSummary } from '../../common/bindings.js';
import type { RequestRecord } from '../../common/stats.js';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { missingTestModels, testModels } from '../../test/testModels.js';
import { spawnUpstreamHearth, type UpstreamHearth } from '../../test/upstreamHearth.js';

const model = testModels.chatml;
const skip = missingTestModels([model]);

/**
 * Hearth in front of two other Hearth processes: one bound as an OpenAI-compatible upstream, one through
 * Ollama's native API. Each serves the same test model, exposed under a name of its own and under one name
 * both share (for balancing and failover).
 */
describe('remote bindings, through every API family', { skip }, () => {
  let front: TestServer;
  let upstreamA: UpstreamHearth;
  let upstreamB: UpstreamHearth;
  let openai: OpenAI;
  let ollama: Ollama;
  let bindingA: BindingSummary;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${front.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  before(async () => {
    [upstreamA, upstreamB, front] = await Promise.all([spawnUpstreamHearth([model]), spawnUpstreamHearth([model]), startTestServer({ models: [] })]);
    const created = async (body: unknown) => {
      const response = await post('/v1/admin/bindings', body);
      assert.equal(response.status, 201, await response.clone().text());
      return (await response.json()) as BindingSummary;
    };
    bindingA = await created({ name: 'gpu-a', kind: 'openai', baseUrl: `${upstreamA.url}/v1`, apiKey: 'sk-upstream-a', models: [{ name: model, alias: 'remote-openai' }, { name: model, alias: 'shared' }, { name: 'no-such-model' }] });
    await created({ name: 'ollama-b', kind: 'ollama', baseUrl: upstreamB.url, models: [{ name: model, alias: 'remote-ollama' }, { name: model, alias: 'shared' }] });
    openai = new OpenAI({ baseURL: `${front.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    ollama = new Ollama({ host: front.url });
  });

  after(async () => {
    await front?.close();
    await Promise.all([upstreamA?.close(), upstreamB?.close()]);
  });

  test('each family lists the remote models and names the binding', async () => {
    const listed = await openai.models.list();
    const remote = listed.data.find((m) => m.id === 'remote-openai');
    assert.equal(remote?.owned_by, 'gpu-a');
    assert.equal(listed.data.find((m) => m.id === 'shared')?.owned_by, 'gpu-a, ollama-b');
    const tags = await ollama.list();
    const tag = tags.models.find((m) => m.name === 'remote-ollama:latest');
    assert.ok(tag, JSON.stringify(tags.models.map((m) => m.name)));
    assert.equal(tag.details.parent_model, 'ollama-b');
    const shown = await ollama.show({ model: 'remote-ollama' });
    assert.match(shown.modelfile, /ollama-b/);
    const available = (await (await fetch(`${front.url}/models/available`)).json()) as { models: { id: string }[] };
    assert.ok(available.models.some((m) => m.id === 'remote-openai'));
  });

  for (const name of ['remote-openai', 'remote-ollama']) {
    test(`OpenAI chat, completions and embeddings through ${name}`, async () => {
      const plain = await openai.chat.completions.create({ model: name, messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 8, temperature: 0 });
      assert.equal(plain.model, name);
      assert.ok(plain.usage!.completion_tokens > 0 && plain.usage!.prompt_tokens > 0, JSON.stringify(plain.usage));
      assert.equal(typeof plain.choices[0]!.message.content, 'string');

      const stream = await openai.chat.completions.create({ model: name, messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 8, temperature: 0, stream: true, stream_options: { include_usage: true } });
      let text = '';
      let chunks = 0;
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of stream) {
        const piece = chunk.choices[0]?.delta.content;
        if (piece) {
          text += piece;
          chunks++;
        }
        usage = chunk.usage ?? usage;
      }
      assert.ok(chunks > 1, `streamed in ${chunks} chunks`);
      assert.ok(text.length > 0);
      assert.ok(usage && usage.completion_tokens > 0);

      const completion = await openai.completions.create({ model: name, prompt: 'Once upon a time', max_tokens: 6, temperature: 0 });
      assert.ok(completion.choices[0]!.text.length > 0);
      assert.ok(completion.usage!.completion_tokens > 0);

      const embedding = await openai.embeddings.create({ model: name, input: ['a cat', 'a dog'] });
      assert.equal(embedding.data.length, 2);
      assert.ok(embedding.data[0]!.embedding.length > 0);
    });
  }

  test('Ollama /api/chat and /api/generate stream through an OpenAI-kind binding', async () => {
    let chatText = '';
    let last: { done: boolean; eval_count?: number } | undefined;
    for await (const part of await ollama.chat({ model: 'remote-openai', messages: [{ role: 'user', content: 'Once upon a time' }], stream: true, options: { num_predict: 8, temperature: 0 } })) {
      chatText += part.message.content;
      last = part;
    }
    assert.ok(chatText.length > 0);
    assert.equal(last?.done, true);
    assert.ok((last?.eval_count ?? 0) > 0);
    let generated = '';
    let parts = 0;
    for await (const part of await ollama.generate({ model: 'remote-openai', prompt: 'Once upon a time', stream: true, options: { num_predict: 8, temperature: 0 } })) {
      generated += part.response;
      parts++;
    }
    assert.ok(parts > 1 && generated.length > 0);
  });

  test('LocalLab /generate through an Ollama-kind binding', async () => {
    const response = await post('/generate', { model_id: 'remote-ollama', prompt: 'Once upon a time', max_length: 6, temperature: 0 });
    assert.equal(response.status, 200, await response.clone().text());
    const body = (await response.json()) as { response: string; model: string; usage: { completion_tokens?: number } };
    assert.equal(body.model, 'remote-ollama');
    assert.ok(body.response.length > 0);
  });

  test('tools and a JSON schema are passed on to the upstream', async () => {
    const forced = await openai.chat.completions.create({
      model: 'remote-openai',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string', enum: ['Paris', 'Rome'] } }, required: ['city'] } } }],
      tool_choice: 'required',
      max_tokens: 300,
    });
    const call = forced.choices[0]!.message.tool_calls?.[0];
    assert.equal(forced.choices[0]!.finish_reason, 'tool_calls');
    assert.equal(call?.type === 'function' && call.function.name, 'get_weather');
    const json = await openai.chat.completions.create({
      model: 'remote-ollama',
      messages: [{ role: 'user', content: 'A number please' }],
      response_format: { type: 'json_schema', json_schema: { name: 'n', schema: { type: 'object', properties: { n: { type: 'integer', minimum: 0, maximum: 9 } }, required: ['n'] } } },
      max_tokens: 40,
    });
    assert.equal(typeof JSON.parse(json.choices[0]!.message.content!).n, 'number');
  });

  test('the request log and statistics record remote models like local ones', async () => {
    const response = await fetch(`${front.url}/v1/admin/requests?limit=50`);
    const body = (await response.json()) as { data: RequestRecord[] };
    const remote = body.data.filter((r) => r.model === 'remote-openai' && r.route === '/v1/chat/completions');
    assert.ok(remote.length >= 2, JSON.stringify(body.data.map((r) => [r.route, r.model])));
    assert.ok(remote.some((r) => r.completionTokens > 0));
  });

  test('API keys and per-key rate limits apply to remote models', async () => {
    const key = await front.services.keys.create({ alias: 'limited', rateLimit: { requestsPerMinute: 1, burst: 1 } });
    const auth = { authorization: `Bearer ${key.key}` };
    const rateLimit = front.services.settings.get().rateLimit;
    await front.services.settings.update({ requireApiKeys: true, rateLimit: { ...rateLimit, enabled: true } });
    try {
      const body = { model: 'remote-openai', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 };
      assert.equal((await post('/v1/chat/completions', body)).status, 401);
      const first = await post('/v1/chat/completions', body, auth);
      assert.equal(first.status, 200, await first.clone().text());
      const limited = await post('/v1/chat/completions', body, auth);
      assert.equal(limited.status, 429);
      // The key's usage counts the remote model's tokens.
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(front.services.keys.list().find((k) => k.id === key.id)!.completionTokens > 0);
    } finally {
      await front.services.settings.update({ requireApiKeys: false, rateLimit });
    }
  });

  test('what a remote model cannot do is a clear 501; an upstream 4xx is passed on', async () => {
    const tokenize = await post('/api/tokenize', { model: 'remote-openai', content: 'hello' });
    if (tokenize.status !== 404) assert.equal(tokenize.status, 501, await tokenize.text());
    const lollms = await post('/lollms/v1/tokenize', { model: 'remote-openai', text: 'hello' });
    assert.equal(lollms.status, 501, await lollms.clone().text());
    const missing = await post('/v1/chat/completions', { model: 'no-such-model', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 });
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { error: { message: string } }).error.message, /gpu-a/);
  });

  test('a client leaving mid-stream aborts the upstream request', async () => {
    const startedAt = new Date().toISOString();
    const controller = new AbortController();
    const stream = await openai.chat.completions.create({ model: 'remote-openai', messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 400, stream: true }, { signal: controller.signal });
    for await (const _chunk of stream) {
      controller.abort();
      break;
    }
    // The upstream's own request log shows its request was cut off by its client (Hearth), not finished.
    let record: RequestRecord | undefined;
    for (let i = 0; i < 50 && !record; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const log = (await (await fetch(`${upstreamA.url}/v1/admin/requests?limit=5`)).json()) as { data: RequestRecord[] };
      // A generation that ran to its end records its model and usage; one cut off by its client records neither.
      record = log.data.find((r) => r.route === '/v1/chat/completions' && r.time > startedAt && r.status < 400 && r.model === null);
    }
    const seen = ((await (await fetch(`${upstreamA.url}/v1/admin/requests?limit=5`)).json()) as { data: RequestRecord[] }).data;
    assert.ok(record, `the upstream recorded the request as cancelled: ${JSON.stringify(seen)}`);
    assert.ok(record.completionTokens < 400, `upstream generated ${record.completionTokens} tokens`);
  });

  test('requests for a name two bindings serve are spread over both (least in flight)', async () => {
    const count = async (upstream: UpstreamHearth, route: string) =>
      ((await (await fetch(`${upstream.url}/v1/admin/requests?limit=500`)).json()) as { data: RequestRecord[] }).data.filter((r) => r.route === route).length;
    const before = [await count(upstreamA, '/v1/chat/completions'), await count(upstreamB, '/api/chat')];
    await Promise.all(Array.from({ length: 4 }, () => openai.chat.completions.create({ model: 'shared', messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 16 })));
    const after = [await count(upstreamA, '/v1/chat/completions'), await count(upstreamB, '/api/chat')];
    assert.ok(after[0]! > before[0]! && after[1]! > before[1]!, `A got ${after[0]! - before[0]!}, B got ${after[1]! - before[1]!}`);
  });

  test('a killed upstream fails over to the other; 502 naming the binding when all are down', async () => {
    await upstreamA.killHard();
    for (let i = 0; i < 3; i++) {
      const answer = await openai.chat.completions.create({ model: 'shared', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 });
      assert.ok(answer.choices[0]);
    }
    const health = (await (await fetch(`${front.url}/v1/admin/bindings`)).json()) as { data: BindingSummary[] };
    assert.equal(health.data.find((b) => b.id === bindingA.id)?.health.healthy, false);
    const only = await post('/v1/chat/completions', { model: 'remote-openai', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 });
    assert.equal(only.status, 502);
    const error = ((await only.json()) as { error: { message: string } }).error.message;
    assert.match(error, /gpu-a/);
    assert.ok(error.includes(upstreamA.url), error);
    await upstreamB.killHard();
    const none = await post('/api/chat', { model: 'shared', messages: [{ role: 'user', content: 'Hi' }], stream: false });
    assert.equal(none.status, 502);
    assert.match(((await none.json()) as { error: string }).error, /(gpu-a.*ollama-b|ollama-b.*gpu-a)/s);
  });
});
