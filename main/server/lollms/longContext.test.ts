import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AbortedError, ContextLengthError, InvalidRequestError } from '../../../common/errors.js';
import type { ChatRequest, GenerationResult } from '../../engine/types.js';
import { processLongContext, type LongContextEngine } from './longContext.js';

/**
 * An engine whose tokens are characters and whose chat template adds `templateTokens` (as
 * chatPromptTokens reports); it refuses a prompt that doesn't fit, as runChat does, and replies with
 * `reply` cut to the room it has.
 */
function fakeEngine(contextSize: number, options: { templateTokens?: number; reply?: (request: ChatRequest) => string } = {}) {
  const calls: Array<{ request: ChatRequest; promptTokens: number; result: GenerationResult }> = [];
  const refused: number[] = [];
  const promptTokensOf = (messages: ChatRequest['messages']) => (options.templateTokens ?? 10) + messages.reduce((sum, m) => sum + [...m.content].length, 0);
  const engine: LongContextEngine = {
    async tokenize(model, text) {
      return { model, tokens: [...text].map((c) => c.codePointAt(0)!) };
    },
    async detokenize(model, tokens) {
      return { model, text: String.fromCodePoint(...tokens) };
    },
    async chatPromptTokens(_model, messages) {
      return promptTokensOf(messages);
    },
    async chat(request) {
      const promptTokens = promptTokensOf(request.messages);
      if (promptTokens >= contextSize) {
        refused.push(promptTokens);
        throw new ContextLengthError('too long', contextSize, promptTokens);
      }
      const room = contextSize - promptTokens;
      const text = (options.reply?.(request) ?? `note ${calls.length}`).slice(0, Math.min(request.maxTokens ?? room, room));
      const result: GenerationResult = {
        model: request.model,
        text,
        toolCalls: [],
        finishReason: 'stop',
        usage: { promptTokens, completionTokens: text.length, cachedPromptTokens: 1 },
        timings: { loadMs: 0, promptMs: 0, generateMs: 0, totalMs: 0 },
      };
      calls.push({ request, promptTokens, result });
      return result;
    },
  };
  return { engine, calls, refused };
}

const base = { model: 'm', prompt: 'Summarize.', contextSize: 512 };
const userText = (request: ChatRequest) => request.messages.at(-1)!.content;

describe('processLongContext', () => {
  test('a text that fits is answered in one call', async () => {
    const { engine, calls } = fakeEngine(512);
    const result = await processLongContext(engine, { ...base, text: 'Once upon a time.', maxGenerationTokens: 20 });
    assert.equal(result.chunks, 1);
    assert.equal(result.calls, 1);
    assert.equal(calls.length, 1);
    assert.match(userText(calls[0]!.request), /Once upon a time\.[\s\S]*Summarize\./);
    assert.equal(calls[0]!.request.maxTokens, 20);
    assert.equal(result.text, calls[0]!.result.text);
    assert.deepEqual(result.usage, calls[0]!.result.usage);
  });

  test('a text ten times the context is split, every prompt fits, and usage sums all calls', async () => {
    const { engine, calls } = fakeEngine(512);
    const text = 'word '.repeat(1024);
    const result = await processLongContext(engine, { ...base, text });
    assert.ok(result.chunks >= 10, `${result.chunks} chunks`);
    assert.equal(result.calls, calls.length);
    for (const call of calls) assert.ok(call.promptTokens < 512);
    // Every character of the text went into exactly one chunk, in order.
    const chunked = calls.slice(0, result.chunks).map((c) => /Part of a longer text:\n([\s\S]*)\n\nWrite brief notes/.exec(userText(c.request))![1]).join('');
    assert.equal(chunked, text);
    assert.equal(result.usage.promptTokens, calls.reduce((sum, c) => sum + c.promptTokens, 0));
    assert.equal(result.usage.completionTokens, calls.reduce((sum, c) => sum + c.result.text.length, 0));
    assert.equal(result.usage.cachedPromptTokens, calls.length);
    assert.equal(result.text, calls.at(-1)!.result.text);
    assert.match(userText(calls.at(-1)!.request), /^Notes on a longer text/);
  });

  test('chunk_size makes chunks smaller, never larger than fits', async () => {
    const { engine } = fakeEngine(512);
    const text = 'x'.repeat(300);
    assert.equal((await processLongContext(engine, { ...base, text, chunkTokens: 100 })).chunks, 3);
    assert.equal((await processLongContext(engine, { ...base, text: 'x'.repeat(3000), chunkTokens: 100_000 })).chunks > 1, true);
  });

  test('notes too long to answer from at once are merged in rounds until they fit', async () => {
    const { engine, calls } = fakeEngine(2048, { reply: () => 'n'.repeat(1000) });
    const result = await processLongContext(engine, { ...base, contextSize: 2048, text: 'y'.repeat(100_000), maxGenerationTokens: 200 });
    const merges = calls.filter((c) => userText(c.request).startsWith('Notes on consecutive parts')).length;
    assert.ok(merges > 1, `${merges} merges`);
    assert.equal(result.calls, result.chunks + merges + 1);
    for (const call of calls) assert.ok(call.promptTokens < 2048);
  });

  test('a large chat template is measured up front: the chunks shrink to fit it and no prompt is refused', async () => {
    const options = { ...base, contextSize: 1024, text: 'z'.repeat(8000) };
    const plain = await processLongContext(fakeEngine(1024).engine, options);
    const { engine, calls, refused } = fakeEngine(1024, { templateTokens: 300 });
    const result = await processLongContext(engine, options);
    assert.deepEqual(refused, [], 'every prompt was planned to fit');
    assert.equal(result.calls, calls.length);
    for (const call of calls) assert.ok(call.promptTokens < 1024);
    assert.ok(result.chunks > plain.chunks, `${result.chunks} chunks with the large template, ${plain.chunks} without`);
  });

  test('a context too small for the prompt is a 400 on prompt', async () => {
    const { engine, calls } = fakeEngine(128);
    await assert.rejects(processLongContext(engine, { ...base, contextSize: 128, prompt: 'p'.repeat(100), text: 'x'.repeat(1000) }), (e) => e instanceof InvalidRequestError && e.param === 'prompt');
    assert.equal(calls.length, 0);
  });

  test('an aborted request makes no further calls', async () => {
    const controller = new AbortController();
    const { engine, calls } = fakeEngine(512, {
      reply: () => {
        controller.abort();
        return 'note';
      },
    });
    await assert.rejects(processLongContext(engine, { ...base, text: 'w'.repeat(5000), signal: controller.signal }), AbortedError);
    assert.equal(calls.length, 1);
  });
});
