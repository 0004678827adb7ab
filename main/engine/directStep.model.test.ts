import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { loadedContext, watchNativeCalls, type WatchedContext } from '../../test/nativeContext.js';
import { missingTestModels, testModels } from '../../test/testModels.js';

const model = testModels.tinyRandom;
const skip = missingTestModels([model]);

/**
 * A lone stream decodes each generated token directly (patches/node-llama-cpp+*.patch,
 * LlamaContextSequence._decodeStepNow) instead of through node-llama-cpp's batch
 * dispatcher. These tests check that it is really taken, that it keeps the
 * sequence's bookkeeping (positions, cached tokens) in step with the KV cache,
 * and that it gives way to the dispatcher as soon as a second stream runs. With node-llama-cpp's
 * prebuilt addon (no `sampleTokenNow`: macOS, Windows, GPU backends, `npm run test:prebuilt`)
 * every step must take the dispatcher instead, with the same results.
 */
describe('direct generation steps of a lone stream', { skip }, () => {
  let server: TestServer;
  let context: WatchedContext;
  const dispatched: number[] = [];
  const batches: Array<{ sequence: number; position: number; tokens: number }> = [];
  const batchSizes: number[] = [];
  /** Whether the loaded addon can step on the JS thread (the rebuilt one) or not (node-llama-cpp's prebuilt one). */
  let direct = false;

  before(async () => {
    server = await startTestServer({ models: [model], settings: { models: { [model]: { parallelSlots: 2, threads: 1, contextSize: 512 } } } });
    const engine = server.services.engine;
    await engine.load(model);
    context = loadedContext(engine, model);
    direct = typeof context._ctx.sampleTokenNow === 'function';
    const decodeTokens = context._decodeTokens.bind(context);
    context._decodeTokens = (request, ...rest) => {
      dispatched.push((request as { tokens: unknown[] }).tokens.length);
      return decodeTokens(request, ...rest);
    };
    watchNativeCalls(context, {
      initBatch: (size: number) => batchSizes.push(size),
      addToBatch: (sequence: number, position: number, tokens: Uint32Array) => batches.push({ sequence, position, tokens: tokens.length }),
    });
  });
  after(() => server?.close());

  /** The rebuilt addon: the prompt through the dispatcher, the generation steps after it not. The prebuilt one: every step through it. */
  function assertStepsTaken(dispatchedNow: number[], completionTokens: number): void {
    if (direct) assert.ok(dispatchedNow.length <= 2, `expected the prompt and at most one step through the dispatcher, got ${dispatchedNow.length}: ${dispatchedNow.join(' ')}`);
    else assert.ok(dispatchedNow.length >= completionTokens, `the prebuilt addon has no direct steps, so all ${completionTokens} go through the dispatcher; got ${dispatchedNow.length}`);
  }

  test('skip the dispatcher and keep positions in step with the KV cache', async () => {
    const engine = server.services.engine;
    const prompt = 'The lighthouse keeper counted the ships';
    await engine.complete({ model, prompt, maxTokens: 4, temperature: 0 }); // the first step after a load is timed through the dispatcher
    dispatched.length = 0;
    batches.length = 0;

    const first = await engine.complete({ model, prompt: `${prompt} again`, maxTokens: 40, temperature: 0 });
    assert.equal(first.usage.completionTokens, 40);
    assertStepsTaken(dispatched, first.usage.completionTokens);
    const steps = batches.filter((b) => b.tokens === 1);
    assert.ok(steps.length >= 38, `expected ~39 one-token steps, got ${steps.length}`);
    // Each step decodes at the next position of the same sequence, with no gap or repeat.
    for (let i = 1; i < steps.length; i++) {
      assert.equal(steps[i]!.sequence, steps[0]!.sequence);
      assert.equal(steps[i]!.position, steps[i - 1]!.position + 1);
    }
    // The native KV cache ends where the sequence thinks it does: the last sampled token is never decoded.
    const sequence = steps[0]!.sequence;
    const maxPosition = context._ctx.getSequenceKvCacheMaxPosition!(sequence as never) as number;
    assert.equal(maxPosition, steps.at(-1)!.position);
    assert.equal(maxPosition, first.usage.promptTokens + first.usage.completionTokens - 2);

    // The same request again reuses the cached prompt and, greedy, gives the same text.
    const again = await engine.complete({ model, prompt: `${prompt} again`, maxTokens: 40, temperature: 0 });
    assert.equal(again.usage.cachedPromptTokens, first.usage.promptTokens - 1);
    assert.equal(again.text, first.text);
  });

  test('chat without a grammar takes them too (LlamaChat passes its grammar as a function)', async () => {
    const engine = server.services.engine;
    dispatched.length = 0;
    batches.length = 0;
    const result = await engine.chat({ model, messages: [{ role: 'user', content: 'Tell me about the sea' }], maxTokens: 30, temperature: 0 });
    assert.equal(result.usage.completionTokens, 30);
    assertStepsTaken(dispatched, result.usage.completionTokens);
    assert.ok(batches.filter((b) => b.tokens === 1).length >= 28);
  });

  test('a grammar keeps its steps on the dispatcher, where it is applied', async () => {
    const engine = server.services.engine;
    dispatched.length = 0;
    const schema = { type: 'object', properties: { word: { type: 'string', maxLength: 8 } }, required: ['word'], additionalProperties: false };
    const result = await engine.complete({ model, prompt: 'A word:', maxTokens: 60, temperature: 0, responseFormat: { type: 'json_schema', schema } });
    assert.deepEqual(Object.keys(JSON.parse(result.text)), ['word']);
    // The prompt, then one decode per generated token (the last one's decode gives the end of the text).
    assert.ok(dispatched.length >= result.usage.completionTokens, `every step should go through the dispatcher: ${dispatched.length} dispatched for ${result.usage.completionTokens} tokens`);
  });

  test('a second stream turns the steps back into shared batches', async () => {
    const engine = server.services.engine;
    batches.length = 0;
    const long = engine.complete({ model, prompt: 'A recipe for bread needs flour and water', maxTokens: 120, temperature: 0 });
    // Let the first stream run alone for a while, then start a second one.
    while (batches.filter((b) => b.tokens === 1).length < 10) await new Promise((resolve) => setTimeout(resolve, 5));
    const joinedAt = batches.length;
    const sizesFrom = batchSizes.length;
    const short = await engine.complete({ model, prompt: 'The old clock in the hall', maxTokens: 30, temperature: 0 });
    const whileBoth = batches.slice(joinedAt);
    const sizesWhileBoth = batchSizes.slice(sizesFrom);
    await long;
    assert.equal(short.usage.completionTokens, 30);
    assert.equal(new Set(whileBoth.map((b) => b.sequence)).size, 2, 'both slots decoded while the second stream ran');
    // While both ran, their steps were decoded two tokens to a batch, not one stream after the other.
    const shared = sizesWhileBoth.filter((size) => size === 2).length;
    assert.ok(shared >= 25, `expected ~29 batches of 2 tokens while both streams ran, got ${shared}: ${sizesWhileBoth.join(' ')}`);
  });
});
