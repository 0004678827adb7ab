import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { readServerSentEvents } from '../../../common/api/sse.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const models = [testModels.tiny];
const model = testModels.tiny;
const prompt = 'Once upon a time, there was a little girl named';

describe('POST /v1/completions', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: OpenAI;
  before(async () => {
    server = await startTestServer({ models });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => server?.close());

  test('completes a raw prompt with usage and finish_reason length', async () => {
    const completion = await client.completions.create({ model, prompt, max_tokens: 9, temperature: 0 });
    assert.match(completion.id, /^cmpl-/);
    assert.equal(completion.object, 'text_completion');
    assert.equal(completion.choices.length, 1);
    assert.equal(completion.choices[0]!.finish_reason, 'length');
    assert.ok(completion.choices[0]!.text.length > 0);
    assert.equal(completion.usage!.completion_tokens, 9);
    assert.ok(completion.usage!.prompt_tokens > 5);
  });

  test('echo puts the prompt in front of the completion', async () => {
    const plain = await client.completions.create({ model, prompt, max_tokens: 30, temperature: 0 });
    const echoed = await client.completions.create({ model, prompt, max_tokens: 30, temperature: 0, echo: true });
    assert.equal(echoed.choices[0]!.text, prompt + plain.choices[0]!.text);
  });

  /** A word from the middle of the greedy text: the same greedy run must stop right before it. */
  async function greedyAndStopWord(): Promise<{ text: string; word: string }> {
    const text = (await client.completions.create({ model, prompt, max_tokens: 30, temperature: 0 })).choices[0]!.text;
    const words = text.split(' ').filter((word) => /^[a-z]{3,}$/.test(word));
    assert.ok(words.length >= 2, `greedy text too short: ${JSON.stringify(text)}`);
    return { text, word: words[1]! };
  }

  test('a stop string ends the text and is left out', async () => {
    const { text, word } = await greedyAndStopWord();
    const stopped = await client.completions.create({ model, prompt, max_tokens: 30, temperature: 0, stop: [word] });
    const content = stopped.choices[0]!.text;
    assert.equal(stopped.choices[0]!.finish_reason, 'stop');
    assert.ok(!content.includes(word));
    // Whitespace before the stop string is compared loosely: see the next test.
    assert.equal(content.trimEnd(), text.slice(0, text.indexOf(word)).trimEnd());
  });

  test('stop strings match exactly, leading space included', async () => {
    const { text, word } = await greedyAndStopWord();
    for (const stop of [word, ` ${word}`]) {
      const stopped = await client.completions.create({ model, prompt, max_tokens: 30, temperature: 0, stop });
      assert.equal(stopped.choices[0]!.finish_reason, 'stop', `stop ${JSON.stringify(stop)}`);
      assert.equal(stopped.choices[0]!.text, text.slice(0, text.indexOf(stop)), `stop ${JSON.stringify(stop)}`);
    }
  });

  test('several prompts run one after another, one choice each, in order', async () => {
    const prompts = [prompt, 'The dog ran to the'];
    const single = await Promise.all(prompts.map(async (p) => (await client.completions.create({ model, prompt: p, max_tokens: 8, temperature: 0 })).choices[0]!.text));
    const batch = await client.completions.create({ model, prompt: prompts, max_tokens: 8, temperature: 0 });
    assert.deepEqual(batch.choices.map((choice) => choice.index), [0, 1]);
    assert.deepEqual(batch.choices.map((choice) => choice.text), single);
    assert.equal(batch.usage!.completion_tokens, 16);
  });

  test('streams text chunks, the final finish_reason, a usage event and [DONE]', async () => {
    const expected = (await client.completions.create({ model, prompt, max_tokens: 15, temperature: 0, echo: true })).choices[0]!.text;
    const response = await fetch(`${server.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, prompt, max_tokens: 15, temperature: 0, echo: true, stream: true, stream_options: { include_usage: true } }),
    });
    assert.equal(response.status, 200);
    const events: string[] = [];
    for await (const data of readServerSentEvents(response.body!)) events.push(data);
    assert.equal(events.at(-1), '[DONE]');
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data) as OpenAI.Completion);
    const usage = chunks.at(-1)!;
    assert.deepEqual(usage.choices, []);
    assert.equal(usage.usage!.completion_tokens, 15);
    const texts = chunks.slice(0, -1);
    assert.equal(texts[0]!.choices[0]!.text, prompt);
    assert.equal(texts.at(-1)!.choices[0]!.finish_reason, 'length');
    assert.equal(texts.map((chunk) => chunk.choices[0]!.text).join(''), expected);
  });

  test('an error after the stream started is sent as the last event, which the openai client throws', async () => {
    // The second prompt is longer than the context: the first prompt's text is already out by then.
    const tooLong = 'and the cat sat on the mat '.repeat(600);
    const stream = await client.completions.create({ model, prompt: [prompt, tooLong], max_tokens: 5, stream: true });
    const texts: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) texts.push(chunk.choices[0]?.text ?? '');
      })(),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.APIError, String(error));
        assert.match(error.message, /context/);
        return true;
      },
    );
    assert.ok(texts.join('').length > 0, 'the first prompt streamed before the error');

    // The same failure before any byte went out is a plain 400 with context_length_exceeded.
    const response = await fetch(`${server.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, prompt: tooLong, stream: true }),
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'context_length_exceeded');
  });

  test('suffix on a model without infill tokens, logprobs and best_of answer 400', async () => {
    for (const [extra, param] of [[{ suffix: ' The end.' }, 'suffix'], [{ logprobs: 2 }, 'logprobs'], [{ best_of: 3 }, 'best_of']] as const) {
      await assert.rejects(client.completions.create({ model, prompt, max_tokens: 2, ...extra }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError, String(error));
        assert.equal(error.param, param);
        return true;
      });
    }
  });
});
