import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { loadedContext, watchNativeCalls } from '../../test/nativeContext.js';
import { missingTestModels, testModels } from '../../test/testModels.js';

const model = testModels.tinyRandom;
const skip = missingTestModels([model]);

/**
 * Concurrent streams must share decodes: that is what makes 4 streams faster
 * together than one after another. node-llama-cpp cut the next batch before the
 * last stream of the previous one had queued its token, so 4 streams went 3+1
 * for good; patches/node-llama-cpp+*.patch waits one event-loop turn first.
 */
describe('batching of concurrent streams', { skip }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ models: [model], settings: { models: { [model]: { parallelSlots: 4, threads: 1, contextSize: 512 } } } });
  });
  after(() => server?.close());

  test('4 concurrent completions are decoded 4 tokens to a batch', async () => {
    const engine = server.services.engine;
    await engine.load(model);
    const batchSizes: number[] = [];
    const stopWatching = watchNativeCalls(loadedContext(engine, model), { initBatch: (size: number) => batchSizes.push(size) });
    const maxTokens = 48;
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => engine.complete({ model, prompt: `Story ${i}: once upon a time`, maxTokens, temperature: 0 })),
    );
    stopWatching();

    const steps = Math.min(...results.map((r) => r.usage.completionTokens));
    assert.ok(steps >= 16, `every stream should run a while; the shortest made ${steps} tokens`);
    const fullBatches = batchSizes.filter((size) => size === 4).length;
    // The first steps may still be out of step while prompts are read; after that every step is one batch of 4.
    assert.ok(fullBatches >= steps - 4, `expected about ${steps} batches of 4 tokens, got ${fullBatches}: ${batchSizes.join(' ')}`);
  });

  // Slot i is sequence i of the context (LoadedModel takes them in order). Without a unified KV cache,
  // llama.cpp decodes one step's tokens as one ubatch only when their sequence ids come in the batch as
  // consecutive increasing ids; in any other order a step of 4 streams became up to 4 matrix passes.
  const stories = [
    'The lighthouse keeper counted every ship that passed the rocks at night',
    'A recipe for bread needs flour, water, salt and a little patience',
    'The old train left the station slowly while the band played loudly',
    'In the garden the children planted beans, roses and one small apple tree',
  ];

  test('a step reaches llama.cpp in increasing sequence order, whatever order the streams queued in', async () => {
    const engine = server.services.engine;
    await engine.load(model);
    // Concurrent requests take the free slots in order: slot i caches story i.
    await Promise.all(stories.map((story) => engine.complete({ model, prompt: story, maxTokens: 1, temperature: 0 })));
    const steps: number[][] = [];
    const stopWatching = watchNativeCalls(loadedContext(engine, model), {
      initBatch: () => void steps.push([]),
      addToBatch: (sequenceId: number) => void steps.at(-1)!.push(sequenceId),
    });
    // Each continues its story on the slot that caches it; they queue in the order 3, 2, 1, 0.
    const results = await Promise.all(
      [...stories].reverse().map((story) => engine.complete({ model, prompt: `${story} and then`, maxTokens: 24, temperature: 0 })),
    );
    stopWatching();
    assert.ok(results.every((result) => result.usage.cachedPromptTokens > 0), 'each request should reuse its story\'s slot');
    const shared = steps.filter((ids) => ids.length > 1);
    assert.ok(shared.length >= 16, `the streams should share steps: ${JSON.stringify(steps)}`);
    for (const ids of shared) assert.deepEqual(ids, [...ids].sort((x, y) => x - y), `a step in batch order ${ids.join(',')}`);
    assert.ok(shared.some((ids) => ids.join() === '0,1,2,3'), `no step of all four slots: ${JSON.stringify(shared)}`);
  });

  test('a prompt sharing only its first words with a cached slot takes the first free slot', async () => {
    const engine = server.services.engine;
    await Promise.all(stories.map((story) => engine.complete({ model, prompt: story, maxTokens: 1, temperature: 0 })));
    const slotsOf = async (prompt: string) => {
      const ids = new Set<number>();
      const stopWatching = watchNativeCalls(loadedContext(engine, model), { addToBatch: (sequenceId: number) => void ids.add(sequenceId) });
      await engine.complete({ model, prompt, maxTokens: 2, temperature: 0 });
      stopWatching();
      return [...ids];
    };
    // Slot 2 caches "The old train ..."; a prompt that shares two words of it is better off on slot 0.
    assert.deepEqual(await slotsOf('The old man and the sea is a short novel about a fisherman far out in the gulf'), [0]);
    // One that continues the cached story reuses slot 3's cache.
    assert.deepEqual(await slotsOf(`${stories[3]} and a pear tree`), [3]);
  });

  test('a request that reuses a cached slot starts while another stream is generating', async () => {
    const engine = server.services.engine;
    // Fill two slots with prompts, so the next requests reuse them and must first erase the cached tails.
    const prompts = ['The lighthouse keeper counted the ships', 'A recipe for bread needs flour and water'];
    await Promise.all(prompts.map((prompt) => engine.complete({ model, prompt: `${prompt} one`, maxTokens: 4, temperature: 0 })));

    let longDoneAt = 0;
    let longStartedAt = 0;
    const long = engine
      .complete({
        model,
        prompt: `${prompts[0]} two`,
        maxTokens: 400,
        temperature: 0,
        onTextChunk: () => void (longStartedAt ||= performance.now()),
      })
      .then((result) => ((longDoneAt = performance.now()), result));
    while (!longStartedAt) await new Promise((resolve) => setTimeout(resolve, 5));

    let firstTokenAt = 0;
    await engine.complete({ model, prompt: `${prompts[1]} two`, maxTokens: 4, temperature: 0, onTextChunk: () => void (firstTokenAt ||= performance.now()) });
    const longResult = await long;
    assert.ok(longResult.usage.completionTokens > 100, `the long stream should outlast the short one; it made ${longResult.usage.completionTokens} tokens`);
    assert.ok(firstTokenAt > 0 && firstTokenAt < longDoneAt, 'the second request waited for the first stream to end');
  });
});
