import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { OpenAiModel } from '../../../common/api/openai.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const models = [testModels.tiny];
const model = testModels.tiny;
const story = [{ role: 'user' as const, content: 'Once upon a time' }];
// At temperature 0 the tiny model never ends this story by itself: a long request keeps its slot busy.
const long = { model, messages: story, max_tokens: 1800, temperature: 0 };

async function loadedState(server: TestServer): Promise<NonNullable<OpenAiModel['hearth']['loaded']>> {
  const response = await fetch(`${server.url}/v1/models/${model}`);
  const info = (await response.json()) as OpenAiModel;
  assert.ok(info.hearth.loaded, `model not loaded: ${JSON.stringify(info.hearth)}`);
  return info.hearth.loaded;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('one slot and a queue of one', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: OpenAI;
  before(async () => {
    server = await startTestServer({ models, settings: { modelDefaults: { parallelSlots: 1 }, queueSize: 1 } });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    await client.chat.completions.create({ model, messages: story, max_tokens: 1 });
  });
  after(() => server?.close());

  test('a client leaving mid-stream stops generation and frees the slot at once', async () => {
    const counters = server.services.engine.counters;
    const startedAt = counters.generatedTokens;
    const stream = await client.chat.completions.create({ ...long, stream: true });
    let chunks = 0;
    // Leaving the loop aborts the openai client's request, which closes the connection.
    for await (const _chunk of stream) if (++chunks === 5) break;
    await waitFor('the slot to be released', async () => (await loadedState(server)).activeRequests === 0);

    const atStop = counters.generatedTokens;
    assert.ok(atStop - startedAt < long.max_tokens, `the aborted request generated ${atStop - startedAt} tokens, all it was allowed`);
    await sleep(300);
    assert.equal(counters.generatedTokens, atStop, 'tokens kept coming after the client left');

    // The only slot serves the next request right away; the abandoned one added nothing more.
    const requested = performance.now();
    const next = await client.chat.completions.create({ model, messages: story, max_tokens: 4 });
    assert.equal(next.usage!.completion_tokens, 4);
    assert.equal(counters.generatedTokens, atStop + 4);
    assert.ok(performance.now() - requested < 2000, 'the next request waited');
  });

  test('more requests than slots + queue answer 503 with Retry-After; the others complete', async () => {
    const holder = await client.chat.completions.create({ ...long, stream: true });
    const holderIterator = holder[Symbol.asyncIterator]();
    await holderIterator.next();
    // The second request waits in the queue (its headers come with its first token).
    const queued = client.chat.completions.create({ model, messages: story, max_tokens: 3 });
    await waitFor('a queued request', async () => (await loadedState(server)).queuedRequests === 1);

    for (const stream of [false, true]) {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: story, max_tokens: 3, stream }),
      });
      assert.equal(response.status, 503);
      assert.ok(Number(response.headers.get('retry-after')) >= 1, `Retry-After: ${response.headers.get('retry-after')}`);
      const body = (await response.json()) as { error: { type: string; message: string } };
      assert.equal(body.error.type, 'unavailable_error');
      assert.match(body.error.message, /\S/);
    }

    await holderIterator.return?.();
    const done = await queued;
    assert.equal(done.usage!.completion_tokens, 3);
  });
});

describe('four slots', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: OpenAI;
  before(async () => {
    server = await startTestServer({ models, settings: { modelDefaults: { parallelSlots: 4 } } });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => server?.close());

  test('4 concurrent streamed requests each get their own complete answer', async () => {
    const prompts = ['Once upon a time', 'Tom had a red ball', 'The sun was hot and', 'Lily saw a big dog'];
    const request = (content: string) => ({ model, messages: [{ role: 'user' as const, content }], max_tokens: 48, temperature: 0 });
    // One at a time first: what each prompt must give.
    const expected: string[] = [];
    for (const prompt of prompts) expected.push((await client.chat.completions.create(request(prompt))).choices[0]!.message.content!);
    assert.equal(new Set(expected).size, prompts.length, 'prompts must give different texts to tell the streams apart');

    const streamed = await Promise.all(
      prompts.map(async (prompt) => {
        const stream = await client.chat.completions.create({ ...request(prompt), stream: true, stream_options: { include_usage: true } });
        let text = '';
        let finish: string | null = null;
        let usage: OpenAI.CompletionUsage | null | undefined;
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta.content ?? '';
          finish = chunk.choices[0]?.finish_reason ?? finish;
          usage = chunk.usage ?? usage;
        }
        return { text, finish, usage };
      }),
    );
    streamed.forEach((result, index) => {
      assert.equal(result.finish, 'length');
      assert.equal(result.usage?.completion_tokens, 48);
      assert.equal(result.text, expected[index], `stream ${index} differs from its prompt's answer`);
    });
  });
});
