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
