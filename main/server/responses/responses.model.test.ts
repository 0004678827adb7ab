import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// The ChatML test model has a template but no training: forced calls and grammars test the mechanics, never judgment.
const model = testModels.chatml;
const models = [model];
const weather: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string', maxLength: 16 } }, required: ['city'], additionalProperties: false },
  strict: true,
};
const noLimits = { enabled: false, requestsPerMinute: 60, burst: 10, maxConcurrentPerKey: 4 };

describe('OpenAI Responses at /v1/responses', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: OpenAI;
  let other: OpenAI;
  before(async () => {
    server = await startTestServer({ models, settings: { requireApiKeys: true, rateLimit: noLimits, modelDefaults: { threads: 1 } } });
    const key = (await server.services.keys.create({ alias: 'agent' })).key;
    const otherKey = (await server.services.keys.create({ alias: 'someone-else' })).key;
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
    other = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: otherKey, maxRetries: 0 });
  });
  after(() => server?.close());

  test('responses.create: a message with output_text, a status and usage', async () => {
    const response = await client.responses.create({ model, instructions: 'You tell stories.', input: 'Once upon a time', max_output_tokens: 8, metadata: { run: 'one' } });
    assert.match(response.id, /^resp_/);
    assert.equal(response.object, 'response');
    assert.equal(response.model, model);
    assert.ok(response.status === 'completed' || response.status === 'incomplete', response.status);
    const message = response.output[0]!;
    assert.equal(message.type, 'message');
    assert.ok(message.type === 'message' && message.content[0]?.type === 'output_text');
    assert.equal(response.output_text, message.type === 'message' && message.content[0]?.type === 'output_text' ? message.content[0].text : null);
    assert.ok(response.output_text.length > 0);
    assert.ok(response.usage!.input_tokens > 0 && response.usage!.output_tokens > 0 && response.usage!.output_tokens <= 8);
    assert.equal(response.usage!.total_tokens, response.usage!.input_tokens + response.usage!.output_tokens);
    assert.equal(typeof response.usage!.input_tokens_details.cached_tokens, 'number');
    assert.deepEqual(response.metadata, { run: 'one' });
    assert.equal(response.instructions, 'You tell stories.');
  });

  test('max_output_tokens cuts a response short: incomplete, reason max_output_tokens', async () => {
    const response = await client.responses.create({ model, input: 'Tell me a long story about a dragon', max_output_tokens: 1 });
    assert.equal(response.status, 'incomplete');
    assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
    assert.equal(response.usage!.output_tokens, 1);
  });

  test('streamed: the events in order, numbered, and deltas that add up to the done text', async () => {
    const stream = await client.responses.create({ model, input: 'Once upon a time', max_output_tokens: 12, stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = events.map((event) => event.type);
    assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    assert.deepEqual(types.slice(-4, -1), ['response.output_text.done', 'response.content_part.done', 'response.output_item.done']);
    assert.ok(['response.completed', 'response.incomplete'].includes(types.at(-1)!));
    assert.ok(types.slice(4, -4).every((type) => type === 'response.output_text.delta'));
    assert.deepEqual(
      events.map((event) => event.sequence_number),
      events.map((_, index) => index),
    );
    const deltas = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : [])).join('');
    const done = events.find((event) => event.type === 'response.output_text.done');
    assert.ok(done?.type === 'response.output_text.done');
    assert.ok(deltas.length > 0);
    assert.equal(deltas, done.text);
    const last = events.at(-1)!;
    assert.ok(last.type === 'response.completed' || last.type === 'response.incomplete');
    assert.equal(last.response.output_text, deltas);
    // The streamed response was stored like any other, under the id its first event named.
    const created = events[0]!;
    assert.ok(created.type === 'response.created');
    assert.equal((await client.responses.retrieve(created.response.id)).output_text, deltas);
  });

  test('a forced function call, and its function_call_output continued by previous_response_id', async () => {
    const first = await client.responses.create({ model, input: 'What is the weather in Paris?', tools: [weather], tool_choice: { type: 'function', name: 'get_weather' }, max_output_tokens: 200 });
    assert.equal(first.status, 'completed');
    const call = first.output.find((item) => item.type === 'function_call');
    assert.ok(call && call.type === 'function_call');
    assert.equal(call.name, 'get_weather');
    assert.match(call.call_id, /\S/);
    assert.equal(typeof (JSON.parse(call.arguments) as { city: unknown }).city, 'string');

    const second = await client.responses.create({
      model,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'Sunny and 21 degrees.' }],
      tools: [weather],
      max_output_tokens: 6,
    });
    assert.equal(second.previous_response_id, first.id);
    assert.ok(second.output.every((item) => item.type !== 'function_call'));
    assert.equal(second.output[0]?.type, 'message');
    // The continued prompt starts as the first one did, so the slot's KV cache is reused.
    assert.ok(second.usage!.input_tokens > first.usage!.input_tokens);
    assert.ok(second.usage!.input_tokens_details.cached_tokens > 0, JSON.stringify(second.usage));
  });

  test('a streamed function call: arguments delta and done', async () => {
    const stream = await client.responses.create({ model, input: 'Weather in Rome?', tools: [weather], tool_choice: 'required', max_output_tokens: 200, stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const deltas = events.flatMap((event) => (event.type === 'response.function_call_arguments.delta' ? [event.delta] : [])).join('');
    const done = events.find((event) => event.type === 'response.function_call_arguments.done');
    assert.ok(done?.type === 'response.function_call_arguments.done');
    assert.equal(deltas, done.arguments);
    const last = events.at(-1)!;
    assert.ok(last.type === 'response.completed');
    assert.equal(last.response.output[0]?.type, 'function_call');
  });

  test('text.format json_schema: the output parses and fits the schema', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string', maxLength: 12 } }, required: ['answer'], additionalProperties: false };
    const response = await client.responses.create({ model, input: 'Answer in JSON', text: { format: { type: 'json_schema', name: 'answer', schema, strict: true } }, max_output_tokens: 60 });
    assert.equal(typeof (JSON.parse(response.output_text) as { answer: unknown }).answer, 'string');
    assert.equal(response.text?.format?.type, 'json_schema');
  });

  test('retrieve, input_items in either order, delete; store: false keeps nothing', async () => {
    const input: OpenAI.Responses.ResponseInput = [
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'input_text', text: 'Hello' }] },
    ];
    const created = await client.responses.create({ model, input, max_output_tokens: 4 });
    const retrieved = await client.responses.retrieve(created.id);
    assert.equal(retrieved.id, created.id);
    assert.deepEqual(retrieved.output, created.output);
    assert.equal(retrieved.output_text, created.output_text);

    const newestFirst = await client.responses.inputItems.list(created.id);
    assert.deepEqual(
      newestFirst.data.map((item) => item.type === 'message' && item.content[0]?.type === 'input_text' && item.content[0].text),
      ['Hello', 'Be brief.'],
    );
    const oldestFirst = await client.responses.inputItems.list(created.id, { order: 'asc', limit: 1 });
    assert.equal(oldestFirst.data.length, 1);
    assert.equal(oldestFirst.has_more, true);
    assert.ok(oldestFirst.data[0]!.type === 'message' && oldestFirst.data[0]!.role === 'developer');
    const rest = await client.responses.inputItems.list(created.id, { order: 'asc', after: oldestFirst.data[0]!.id });
    assert.deepEqual(rest.data.map((item) => item.id), [newestFirst.data[0]!.id]);

    await client.responses.delete(created.id);
    await assert.rejects(client.responses.retrieve(created.id), OpenAI.NotFoundError);

    const unstored = await client.responses.create({ model, input: 'Hi', max_output_tokens: 2, store: false });
    assert.equal((unstored as unknown as { store: boolean }).store, false);
    await assert.rejects(client.responses.retrieve(unstored.id), OpenAI.NotFoundError);
  });

  test('conversations: two responses add their input and output; items listed, fetched, deleted', async () => {
    const conversation = await client.conversations.create({ items: [{ role: 'user', content: 'Once upon a time there was a fox.' }], metadata: { topic: 'fox' } });
    assert.match(conversation.id, /^conv_/);
    assert.deepEqual(conversation.metadata, { topic: 'fox' });

    const first = await client.responses.create({ model, conversation: conversation.id, input: 'What did the fox do?', max_output_tokens: 6 });
    assert.deepEqual(first.conversation, { id: conversation.id });
    const afterFirst = await client.conversations.items.list(conversation.id, { order: 'asc' });
    assert.deepEqual(
      afterFirst.data.map((item) => item.type === 'message' && item.role),
      ['user', 'user', 'assistant'],
    );
    assert.equal(afterFirst.data[2]!.id, first.output[0]!.id);

    const second = await client.responses.create({ model, conversation: { id: conversation.id }, input: 'And then?', max_output_tokens: 6 });
    assert.ok(second.usage!.input_tokens > first.usage!.input_tokens);
    assert.ok(second.usage!.input_tokens_details.cached_tokens > 0, 'the conversation so far is reused from the slot');
    const afterSecond = await client.conversations.items.list(conversation.id);
    assert.equal(afterSecond.data.length, 5);
    assert.equal(afterSecond.data[0]!.id, second.output[0]!.id, 'newest first by default');

    const added = await client.conversations.items.create(conversation.id, { items: [{ type: 'message', role: 'user', content: 'The end.' }] });
    assert.equal(added.data.length, 1);
    const addedId = added.data[0]!.id!;
    const item = await client.conversations.items.retrieve(addedId, { conversation_id: conversation.id });
    assert.ok(item.type === 'message' && item.content[0]?.type === 'input_text' && item.content[0].text === 'The end.');
    await client.conversations.items.delete(addedId, { conversation_id: conversation.id });
    assert.equal((await client.conversations.items.list(conversation.id)).data.length, 5);

    const updated = await client.conversations.update(conversation.id, { metadata: { topic: 'foxes' } });
    assert.deepEqual((await client.conversations.retrieve(conversation.id)).metadata, updated.metadata);

    // Another key sees none of it.
    await assert.rejects(other.conversations.retrieve(conversation.id), OpenAI.NotFoundError);
    await assert.rejects(other.responses.create({ model, conversation: conversation.id, input: 'Hi', max_output_tokens: 2 }), OpenAI.NotFoundError);

    const deleted = await client.conversations.delete(conversation.id);
    assert.equal(deleted.deleted, true);
    await assert.rejects(client.conversations.retrieve(conversation.id), OpenAI.NotFoundError);
  });

  test('another key’s response is a 404, and can’t be continued', async () => {
    const mine = await client.responses.create({ model, input: 'Hi', max_output_tokens: 2 });
    await assert.rejects(other.responses.retrieve(mine.id), OpenAI.NotFoundError);
    await assert.rejects(other.responses.inputItems.list(mine.id), OpenAI.NotFoundError);
    await assert.rejects(other.responses.delete(mine.id), OpenAI.NotFoundError);
    const error = await other.responses.create({ model, previous_response_id: mine.id, input: 'Go on', max_output_tokens: 2 }).catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.equal(error.code, 'previous_response_not_found');
    assert.equal((await client.responses.retrieve(mine.id)).id, mine.id, 'still there for its owner');
  });

  test('bad input answers 400 in OpenAI’s shape', async () => {
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['an unknown item type', { input: [{ type: 'hologram', text: 'hi' }] }, 'input', /unknown input item type "hologram"/],
      ['an unknown content part', { input: [{ role: 'user', content: [{ type: 'input_video' }] }] }, 'input', /unknown content part type/],
      ['a previous_response_id that does not exist', { input: 'hi', previous_response_id: 'resp_0000000000000000' }, 'previous_response_id', /not found/],
      ['previous_response_id and conversation together', { input: 'hi', previous_response_id: 'resp_0000000000000000', conversation: 'conv_0000000000000000' }, 'conversation', /not both/],
      ['a hosted tool', { input: 'hi', tools: [{ type: 'web_search' }] }, 'tools.0.type', /hosted/],
      ['a function_call_output with no call', { input: [{ type: 'function_call_output', call_id: 'call_x', output: 'x' }] }, 'input', /call_x/],
      ['an image', { input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png' }] }] }, 'input.0.content.0', /images/],
      ['forcing a call with no tools', { input: 'hi', tool_choice: 'required' }, 'tool_choice', /no tools/],
      ['no input at all', {}, 'input', /at least one item/],
    ];
    for (const [what, body, param, message] of cases) {
      const error = await client.responses.create({ model, ...body } as never).catch((caught: unknown) => caught);
      assert.ok(error instanceof OpenAI.BadRequestError, `${what}: ${String(error)}`);
      assert.equal(error.param, param, what);
      assert.match(error.message, message, what);
    }
    const unknownConversation = await client.responses.create({ model, input: 'hi', conversation: 'conv_0000000000000000' }).catch((caught: unknown) => caught);
    assert.ok(unknownConversation instanceof OpenAI.NotFoundError);
  });

  test('also served under /api/v1', async () => {
    const apiV1 = new OpenAI({ baseURL: `${server.url}/api/v1`, apiKey: client.apiKey, maxRetries: 0 });
    const response = await apiV1.responses.create({ model, input: 'Hi', max_output_tokens: 2 });
    assert.equal((await client.responses.retrieve(response.id)).id, response.id);
  });
});

describe('stored responses on disk', { skip: missingTestModels(models) }, () => {
  test('survive a restart, and a continued response reads them', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-responses-'));
    try {
      const first = await startTestServer({ models, dataDir, settings: { modelDefaults: { threads: 1 } } });
      let response: OpenAI.Responses.Response;
      let conversation: OpenAI.Conversations.Conversation;
      try {
        const client = new OpenAI({ baseURL: `${first.url}/v1`, apiKey: 'unused', maxRetries: 0 });
        conversation = await client.conversations.create({ items: [{ role: 'user', content: 'A fox.' }] });
        response = await client.responses.create({ model, input: 'Once upon a time', max_output_tokens: 4, conversation: conversation.id });
      } finally {
        await first.close();
      }
      const second = await startTestServer({ models, dataDir, settings: { modelDefaults: { threads: 1 } } });
      try {
        const client = new OpenAI({ baseURL: `${second.url}/v1`, apiKey: 'unused', maxRetries: 0 });
        assert.equal((await client.responses.retrieve(response.id)).output_text, response.output_text);
        assert.equal((await client.conversations.items.list(conversation.id)).data.length, 3);
        const next = await client.responses.create({ model, previous_response_id: response.id, input: 'Go on', max_output_tokens: 4 });
        assert.ok(next.usage!.input_tokens > response.usage!.input_tokens);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('are dropped past responsesRetentionDays', async () => {
    // About 0.9 s.
    const server = await startTestServer({ models, settings: { responsesRetentionDays: 0.00001, modelDefaults: { threads: 1 } } });
    try {
      const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      const response = await client.responses.create({ model, input: 'Hi', max_output_tokens: 2 });
      const conversation = await client.conversations.create({});
      await client.responses.retrieve(response.id);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await assert.rejects(client.responses.retrieve(response.id), OpenAI.NotFoundError);
      await assert.rejects(client.conversations.retrieve(conversation.id), OpenAI.NotFoundError);
    } finally {
      await server.close();
    }
  });
});
