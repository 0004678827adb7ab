import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { readServerSentEvents } from '../../../common/api/sse.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// The tiny models write children's stories and answer nothing: these tests check mechanics only.
const models = [testModels.tiny, testModels.chatml];
const story = [{ role: 'user' as const, content: 'Once upon a time' }];

describe('POST /v1/chat/completions', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: OpenAI;
  before(async () => {
    server = await startTestServer({ models });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => server?.close());

  test('answers non-streamed in the OpenAI shape with exact usage', async () => {
    const completion = await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 12 });
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.model, testModels.tiny);
    assert.equal(completion.choices.length, 1);
    const [choice] = completion.choices;
    assert.equal(choice!.message.role, 'assistant');
    assert.equal(typeof choice!.message.content, 'string');
    assert.ok(choice!.message.content!.length > 0);
    assert.equal(choice!.message.tool_calls, undefined);
    assert.ok(completion.usage!.prompt_tokens > 0);
    assert.equal(completion.usage!.total_tokens, completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    assert.equal(typeof completion.usage!.prompt_tokens_details?.cached_tokens, 'number');
  });

  test('max_tokens ends with finish_reason length and exactly that many completion tokens', async () => {
    for (const maxTokens of [1, 7, 33]) {
      const completion = await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: maxTokens, temperature: 0 });
      assert.equal(completion.choices[0]!.finish_reason, 'length');
      assert.equal(completion.usage!.completion_tokens, maxTokens);
    }
    // The newer name wins over the old one.
    const newer = await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 30, max_completion_tokens: 5 });
    assert.equal(newer.usage!.completion_tokens, 5);
  });

  test('a repeated conversation reuses the KV cache (cached_tokens)', async () => {
    const messages = [{ role: 'user' as const, content: 'A cat and a dog went to the park to play with a red ball' }];
    await client.chat.completions.create({ model: testModels.tiny, messages, max_tokens: 2 });
    const again = await client.chat.completions.create({ model: testModels.tiny, messages, max_tokens: 2 });
    const cached = again.usage!.prompt_tokens_details!.cached_tokens ?? 0;
    assert.ok(cached > 0, JSON.stringify(again.usage));
    assert.ok(cached < again.usage!.prompt_tokens);
  });

  test('a stop string ends the output and is not part of it', async () => {
    const full = await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 40, temperature: 0 });
    const text = full.choices[0]!.message.content!;
    // A word from the middle of the greedy text, so the same greedy run must stop right before it.
    const words = text.split(' ').filter((word) => /^[a-z]{3,}$/.test(word));
    assert.ok(words.length >= 2, `greedy text too short to pick a stop word: ${JSON.stringify(text)}`);
    const stop = ` ${words[1]}`;
    const stopped = await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 40, temperature: 0, stop: [stop, 'never-generated-zz'] });
    const content = stopped.choices[0]!.message.content!;
    assert.equal(stopped.choices[0]!.finish_reason, 'stop');
    assert.equal(content, text.slice(0, text.indexOf(stop)));
    assert.ok(!content.includes(stop));
    // A single string is accepted as well as an array.
    const single = await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 40, temperature: 0, stop });
    assert.equal(single.choices[0]!.message.content, content);
  });

  test('the same seed gives the same text at temperature 0.8; other seeds usually differ', async () => {
    const run = async (seed: number) =>
      (await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 24, temperature: 0.8, seed })).choices[0]!.message.content!;
    const first = await run(42);
    assert.equal(await run(42), first);
    const others = await Promise.all([7, 8, 9].map(run));
    assert.ok(others.some((text) => text !== first), 'three other seeds all gave the same text');
  });

  test('streams chunks that reassemble to the non-streamed text, then [DONE] and a usage chunk', async () => {
    const request = { model: testModels.tiny, messages: story, max_tokens: 20, temperature: 0 };
    const expected = await client.chat.completions.create(request);
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...request, stream: true, stream_options: { include_usage: true } }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/event-stream/);
    const events: string[] = [];
    for await (const data of readServerSentEvents(response.body!)) events.push(data);
    assert.equal(events.at(-1), '[DONE]');
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data) as OpenAI.Chat.ChatCompletionChunk);
    assert.ok(chunks.length > 3);
    // One id and one created value on every chunk.
    assert.equal(new Set(chunks.map((chunk) => chunk.id)).size, 1);
    assert.equal(new Set(chunks.map((chunk) => chunk.created)).size, 1);
    assert.equal(chunks[0]!.choices[0]!.delta.role, 'assistant');
    const usageChunk = chunks.at(-1)!;
    assert.deepEqual(usageChunk.choices, []);
    // cached_tokens differs: the non-streamed run above left this prompt in the slot's cache.
    const { prompt_tokens, completion_tokens, total_tokens } = usageChunk.usage!;
    assert.deepEqual({ prompt_tokens, completion_tokens, total_tokens }, { prompt_tokens: expected.usage!.prompt_tokens, completion_tokens: 20, total_tokens: expected.usage!.total_tokens });
    const content = chunks.slice(0, -1);
    assert.ok(content.every((chunk) => chunk.usage === null), 'chunks before the last carry usage: null');
    assert.equal(content.at(-1)!.choices[0]!.finish_reason, 'length');
    assert.ok(content.slice(0, -1).every((chunk) => chunk.choices[0]!.finish_reason === null));
    assert.equal(content.map((chunk) => chunk.choices[0]!.delta.content ?? '').join(''), expected.choices[0]!.message.content);
  });

  test('streams through the openai client without usage unless asked', async () => {
    const stream = await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 10, stream: true });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      assert.equal(chunk.usage, undefined);
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.ok(text.length > 0);
    assert.equal(finish, 'length');
  });

  test('json_schema output parses and validates, nested or with a bare schema', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string', maxLength: 12 }, mood: { enum: ['happy', 'sad'] }, age: { type: 'integer' } },
      required: ['name', 'mood', 'age'],
    };
    const nested = { type: 'json_schema', json_schema: { name: 'character', schema } } as const;
    // llama.cpp's server and some clients send the schema without OpenAI's nesting.
    const bare = { type: 'json_schema', schema } as unknown as OpenAI.ResponseFormatJSONSchema;
    for (const response_format of [nested, bare]) {
      for (const seed of [1, 2]) {
        const completion = await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 200, temperature: 0.8, seed, response_format });
        const value = JSON.parse(completion.choices[0]!.message.content!) as Record<string, unknown>;
        assert.deepEqual(Object.keys(value).sort(), ['age', 'mood', 'name']);
        assert.equal(typeof value.name, 'string');
        assert.ok((value.name as string).length <= 12);
        assert.ok(['happy', 'sad'].includes(value.mood as string));
        assert.ok(Number.isInteger(value.age));
        assert.equal(completion.choices[0]!.finish_reason, 'stop');
      }
    }
  });

  test('json_object output parses as a JSON object', async () => {
    const completion = await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 300, temperature: 0, response_format: { type: 'json_object' } });
    if (completion.choices[0]!.finish_reason === 'stop') {
      const value: unknown = JSON.parse(completion.choices[0]!.message.content!);
      assert.equal(typeof value, 'object');
    } else {
      // Cut off by max_tokens: it must still be the start of an object.
      assert.match(completion.choices[0]!.message.content!, /^\s*\{/);
    }
  });

  test('user is accepted; image parts answer 400 saying the model has no vision', async () => {
    const ok = await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 2, user: 'someone' });
    assert.equal(ok.choices.length, 1);
    await assert.rejects(
      client.chat.completions.create({
        model: testModels.tiny,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }],
      }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.match(error.message, /vision/);
        assert.equal(error.param, 'messages.0.content.1');
        return true;
      },
    );
  });

  test('n > 1 and logprobs are refused with 400, never ignored', async () => {
    for (const [extra, param] of [[{ n: 2 }, 'n'], [{ logprobs: true }, 'logprobs']] as const) {
      await assert.rejects(client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 2, ...extra }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal(error.param, param);
        return true;
      });
    }
    // n: 1 is just the default.
    const one = await client.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 2, n: 1 });
    assert.equal(one.choices.length, 1);
  });

  test('is mounted at /api/v1 and /ollama/v1 too', async () => {
    for (const prefix of ['/api/v1', '/ollama/v1']) {
      const other = new OpenAI({ baseURL: `${server.url}${prefix}`, apiKey: 'unused', maxRetries: 0 });
      const completion = await other.chat.completions.create({ model: testModels.tiny, messages: story, max_tokens: 3 });
      assert.equal(completion.usage!.completion_tokens, 3);
    }
  });
});
