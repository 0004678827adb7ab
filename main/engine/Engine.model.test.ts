import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { AbortedError, ContextLengthError } from '../../common/errors.js';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { missingTestModels, testModels } from '../../test/testModels.js';

const skip = missingTestModels([testModels.tiny, testModels.chatml]);
const tiny = testModels.tiny;
const chatml = testModels.chatml;

describe('engine on tiny models', { skip }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      models: [tiny, chatml],
      settings: { models: { [tiny]: { contextSize: 256, parallelSlots: 2, aliases: ['storyteller'] } } },
    });
  });
  after(() => server?.close());
  const engine = () => server.services.engine;

  test('JIT load honours per-model settings and reports them', async () => {
    const info = await engine().load(tiny);
    assert.equal(info.state, 'loaded');
    assert.equal(info.loaded?.contextSize, 256);
    assert.equal(info.loaded?.parallelSlots, 2);
    assert.ok(info.loaded!.threads >= 1);
  });

  test('threads are measured once and kept in the data dir', async () => {
    const saved = JSON.parse(await readFile(path.join(server.dataDir, 'engine-threads.json'), 'utf8'));
    const [key, measurements] = Object.entries(saved).find(([k]) => k.startsWith(`${tiny}.gguf:`)) as [string, Array<{ threads: number; tokensPerSecond: number }>];
    assert.ok(key);
    assert.ok(measurements.length >= 1 && measurements.every((m) => m.tokensPerSecond > 0));
    const fastest = measurements.reduce((a, b) => (b.tokensPerSecond > a.tokensPerSecond ? b : a));
    assert.equal((await engine().getModel(tiny)).loaded?.threads, fastest.threads);
  });

  test('hardware: threads capped at the cores, no GPU when it is turned off', async () => {
    const hardware = await engine().hardware();
    assert.equal(hardware.maxThreads, os.availableParallelism());
    assert.equal(hardware.gpu, null);
  });

  test('an alias and the name:latest form resolve to the model id', async () => {
    assert.equal(await engine().resolveId('storyteller'), tiny);
    assert.equal(await engine().resolveId(`${tiny}:latest`), tiny);
    await assert.rejects(engine().resolveId('nope'), (e: any) => e.status === 404);
  });

  test('a prompt longer than the context is refused with the limit, not truncated', async () => {
    const long = 'once upon a time '.repeat(200);
    await assert.rejects(
      engine().chat({ model: tiny, messages: [{ role: 'user', content: long }], maxTokens: 4 }),
      (error: unknown) => error instanceof ContextLengthError && error.code === 'context_length_exceeded' && /256/.test(error.message),
    );
    await assert.rejects(engine().complete({ model: tiny, prompt: long, maxTokens: 4 }), ContextLengthError);
  });

  test('generation stops at the context end with finish reason length', async () => {
    const result = await engine().complete({ model: tiny, prompt: 'Once upon a time', maxTokens: 10_000, temperature: 0 });
    assert.equal(result.finishReason, 'length');
    assert.equal(result.usage.promptTokens + result.usage.completionTokens, 256);
  });

  test('a continued conversation reuses the slot KV cache and counts it', async () => {
    const messages = [{ role: 'user' as const, content: 'Tell me about the sea.' }];
    const first = await engine().chat({ model: chatml, messages, maxTokens: 12, temperature: 0 });
    assert.equal(first.usage.completionTokens, 12);
    const second = await engine().chat({
      model: chatml,
      messages: [...messages, { role: 'assistant', content: first.text }, { role: 'user', content: 'And then?' }],
      maxTokens: 4,
      temperature: 0,
    });
    assert.ok(second.usage.cachedPromptTokens >= first.usage.promptTokens, `cached ${second.usage.cachedPromptTokens} of first prompt ${first.usage.promptTokens}`);
    assert.ok(second.usage.cachedPromptTokens < second.usage.promptTokens);
  });

  test('aborting frees the slot at once and generation stops', async () => {
    const controller = new AbortController();
    let chunks = 0;
    const running = engine().complete({
      model: tiny,
      prompt: 'Once upon a time',
      maxTokens: 200,
      signal: controller.signal,
      onTextChunk: () => {
        if (++chunks === 3) controller.abort();
      },
    });
    await assert.rejects(running, AbortedError);
    const counted = engine().counters.generatedTokens;
    await sleep(50);
    assert.equal(engine().counters.generatedTokens, counted, 'no tokens after the abort');
    assert.equal((await engine().getModel(tiny)).loaded?.activeRequests, 0);
  });

  test('keep-alive 0 unloads after the request; negative keeps the model without expiry', async () => {
    await engine().chat({ model: chatml, messages: [{ role: 'user', content: 'Hi' }], maxTokens: 2, keepAliveSeconds: -1 });
    const kept = await engine().getModel(chatml);
    assert.equal(kept.state, 'loaded');
    assert.equal(kept.loaded?.expiresAt, null);
    await engine().chat({ model: chatml, messages: [{ role: 'user', content: 'Hi' }], maxTokens: 2, keepAliveSeconds: 0 });
    for (let i = 0; i < 50 && (await engine().getModel(chatml)).state !== 'unloaded'; i++) await sleep(20);
    assert.equal((await engine().getModel(chatml)).state, 'unloaded');
  });

  test('the idle TTL unloads a model that is not used', async () => {
    await server.services.settings.update({ models: { ...server.services.settings.get().models, [chatml]: { idleTtlSeconds: 1 } } });
    await engine().load(chatml);
    const loaded = await engine().getModel(chatml);
    assert.ok(loaded.loaded!.expiresAt! > Date.now());
    await sleep(1300);
    assert.equal((await engine().getModel(chatml)).state, 'unloaded');
  });

  test('a load reports how far it has got, rising, below 1 until loaded', async () => {
    await engine().unload(chatml);
    const seen: number[] = [];
    // Read at once: a tiny model's load is over before a listing (which reads the disk) would answer.
    const onChange = () => {
      const progress = engine().loadProgress(chatml);
      if (progress !== undefined) seen.push(progress);
    };

    engine().on('change', onChange);
    try {
      const info = await engine().load(chatml);
      assert.equal(info.loadProgress, undefined, 'a loaded model has no progress');
    } finally {
      engine().off('change', onChange);
    }
    assert.ok(seen.length > 0, 'loading was announced');
    assert.ok(seen.every((value) => value >= 0 && value < 1), `progress within [0, 1): ${seen.join(', ')}`);
    assert.ok(seen.some((value) => value > 0), `llama.cpp's progress reached the listing: ${seen.join(', ')}`);
  });

  test('past maxLoadedModels the least recently used idle model is evicted, and the engine says for which', async () => {
    await server.services.settings.update({ maxLoadedModels: 1 });
    const evictions: { id: string; for: string }[] = [];
    const onEvict = (eviction: { id: string; for: string }) => evictions.push(eviction);
    engine().on('evict', onEvict);
    try {
      await engine().unload(chatml);
      await engine().load(tiny);
      await engine().load(chatml);
      assert.equal((await engine().getModel(tiny)).state, 'unloaded');
      assert.equal((await engine().getModel(chatml)).state, 'loaded');
      assert.deepEqual(evictions, [{ id: tiny, for: chatml }]);
    } finally {
      engine().off('evict', onEvict);
      await server.services.settings.update({ maxLoadedModels: 3 });
    }
  });

  test('unloading waits for the running request, which completes', async () => {
    await engine().load(tiny);
    const running = engine().complete({ model: tiny, prompt: 'Once upon a time', maxTokens: 40, temperature: 0 });
    await sleep(5);
    await engine().unload(tiny);
    const result = await running;
    assert.ok(result.usage.completionTokens > 0);
    assert.equal((await engine().getModel(tiny)).state, 'unloaded');
  });

  test('tokenize and detokenize round-trip; a token outside the vocabulary is refused', async () => {
    const { tokens } = await engine().tokenize(tiny, 'Once upon a time');
    assert.ok(tokens.length > 0);
    assert.equal((await engine().detokenize(tiny, tokens)).text.trim(), 'Once upon a time');
    await assert.rejects(engine().detokenize(tiny, [999_999]), (e: any) => e.status === 400);
  });
});
