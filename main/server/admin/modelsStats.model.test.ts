import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { RequestRecord, StatsReport } from '../../../common/stats.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const model = testModels.tiny;

describe('usage statistics from real generations', { skip: missingTestModels([model]) }, () => {
  let server: TestServer;
  let admin: string;
  let user: { key: string; id: string };
  before(async () => {
    server = await startTestServer({ models: [model], settings: { requireApiKeys: true } });
    admin = (await server.services.keys.create({ alias: 'admin', role: 'admin' })).key;
    user = await server.services.keys.create({ alias: 'writer' });
  });
  after(() => server?.close());

  const adminGet = async <T>(route: string): Promise<T> => {
    const response = await fetch(`${server.url}${route}`, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(response.status, 200);
    return (await response.json()) as T;
  };

  it('counts the tokens the responses reported, per model and per key', async () => {
    const client = new OpenAI({ apiKey: user.key, baseURL: `${server.url}/v1`, maxRetries: 0 });
    const plain = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 8 });
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'A secret prompt about a dragon' }],
      max_tokens: 6,
      stream: true,
      stream_options: { include_usage: true },
    });
    let streamed: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) streamed = chunk.usage ?? streamed;
    assert.ok(plain.usage && streamed);
    await assert.rejects(client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }));

    const prompt = plain.usage.prompt_tokens + streamed.prompt_tokens;
    const completion = plain.usage.completion_tokens + streamed.completion_tokens;
    assert.ok(completion > 0);
    // The stream's record is written when its response closes, a moment after the client read [DONE].
    let report: StatsReport;
    for (let tries = 0; ; tries++) {
      report = await adminGet<StatsReport>('/v1/admin/models/stats');
      if ((report.models.find((entry) => entry.model === model)?.requests ?? 0) >= 2 || tries > 20) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const stats = report.models.find((entry) => entry.model === model)!;
    assert.equal(stats.requests, 2);
    assert.equal(stats.errors, 0);
    assert.equal(stats.promptTokens, prompt);
    assert.equal(stats.completionTokens, completion);
    assert.equal(stats.loaded, true);
    assert.ok(stats.averageLatencyMs >= 0 && stats.averageTokensPerSecond > 0);

    const keyStats = report.keys.find((entry) => entry.keyId === user.id)!;
    assert.equal(keyStats.alias, 'writer');
    assert.equal(keyStats.requests, 3);
    assert.equal(keyStats.errors, 1);
    assert.equal(keyStats.completionTokens, completion);

    const [listed] = (await adminGet<{ data: Array<{ id: string; requests: number; completionTokens: number }> }>('/v1/admin/keys')).data.filter((key) => key.id === user.id);
    assert.equal(listed?.requests, 3);
    assert.equal(listed?.completionTokens, completion);

    const log = await adminGet<{ data: RequestRecord[] }>('/v1/admin/requests?limit=3');
    assert.deepEqual(log.data.map((entry) => entry.status), [404, 200, 200]);
    assert.equal(log.data[1]!.completionTokens, streamed.completion_tokens);
    assert.equal(log.data[1]!.keyAlias, 'writer');
    assert.equal(log.data[1]!.route, '/v1/chat/completions');
    assert.ok(!JSON.stringify(log).includes('dragon'), 'the request log holds no prompt text');
  });
});

describe('slots in use, as the statistics show them', { skip: missingTestModels([model]) }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ models: [model], settings: { modelDefaults: { threads: 1, parallelSlots: 1 }, queueSize: 2 } });
  });
  after(() => server?.close());

  const slots = async () => {
    const report = (await (await fetch(`${server.url}/v1/admin/models/stats`)).json()) as StatsReport;
    const stats = report.models.find((entry) => entry.model === model)!;
    return { active: stats.activeRequests, queued: stats.queuedRequests };
  };
  const waitForSlots = async (wanted: { active: number; queued: number }) => {
    const deadline = Date.now() + 10_000;
    let seen = await slots();
    while ((seen.active !== wanted.active || seen.queued !== wanted.queued) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await slots();
    }
    assert.deepEqual(seen, wanted);
  };

  it('counts the request generating and the one waiting, and both go back to 0', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${server.url}/v1`, maxRetries: 0 });
    assert.deepEqual(await slots(), { active: 0, queued: 0 }, 'an unloaded model holds no slot');
    // At temperature 0 the tiny model never ends this story by itself, so the stream holds its slot until it is left.
    const holder = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Once upon a time' }], max_tokens: 1800, temperature: 0, stream: true });
    const chunks = holder[Symbol.asyncIterator]();
    await chunks.next();
    const queued = client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 });
    await waitForSlots({ active: 1, queued: 1 });
    await chunks.return?.();
    await queued;
    await waitForSlots({ active: 0, queued: 0 });
  });
});
