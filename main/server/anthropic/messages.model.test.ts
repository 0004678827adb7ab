import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { readServerSentEvents } from '../../../common/api/sse.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// The ChatML test model has a template but no training: forced tool calls test the mechanics, never judgment.
const model = testModels.chatml;
const models = [model];
const weather: Anthropic.Tool = {
  name: 'get_weather',
  description: 'The weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string', maxLength: 16 } }, required: ['city'] },
};
const question: Anthropic.MessageParam = { role: 'user', content: 'What is the weather in Paris?' };

describe('Anthropic Messages at /v1/messages', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: Anthropic;
  let key: string;
  before(async () => {
    server = await startTestServer({ models, settings: { requireApiKeys: true, rateLimit: { enabled: false, requestsPerMinute: 60, burst: 10, maxConcurrentPerKey: 4 }, modelDefaults: { threads: 1 } } });
    key = (await server.services.keys.create({ alias: 'claude' })).key;
    // The SDK sends the key as x-api-key, with anthropic-version.
    client = new Anthropic({ baseURL: server.url, apiKey: key, maxRetries: 0 });
  });
  after(() => server?.close());

  const post = (body: unknown, headers: Record<string, string> = { 'x-api-key': key }) =>
    fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  test('messages.create: a message with a text block, a stop reason and usage', async () => {
    const message = await client.messages.create({ model, max_tokens: 8, system: 'You tell stories.', messages: [question] });
    assert.match(message.id, /^msg_/);
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.model, model);
    assert.equal(message.content[0]?.type, 'text');
    assert.ok(['end_turn', 'max_tokens'].includes(message.stop_reason!), String(message.stop_reason));
    assert.ok(message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) > 0);
    assert.ok(message.usage.output_tokens > 0 && message.usage.output_tokens <= 8);
  });

  test('streamed: the SDK’s finalMessage() is the deltas put together', async () => {
    const stream = client.messages.stream({ model, max_tokens: 12, messages: [question] });
    let streamed = '';
    stream.on('text', (text) => (streamed += text));
    const final = await stream.finalMessage();
    const block = final.content[0]!;
    assert.equal(block.type, 'text');
    assert.equal(block.type === 'text' && block.text, streamed);
    assert.ok(streamed.length > 0);
    assert.ok(['end_turn', 'max_tokens'].includes(final.stop_reason!));
    assert.ok(final.usage.output_tokens > 0);
    assert.ok(final.usage.input_tokens + (final.usage.cache_read_input_tokens ?? 0) > 0);
  });

  test('the raw stream: named events in Anthropic’s order, with a ping', async () => {
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'fine-grained-tool-streaming-2025-05-14', 'content-type': 'application/json' },
      body: JSON.stringify({ model, max_tokens: 6, messages: [question], stream: true }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const raw = await response.text();
    const names = [...raw.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    const types: string[] = [];
    for await (const data of readServerSentEvents(new Response(raw).body!)) types.push((JSON.parse(data) as { type: string }).type);
    assert.deepEqual(names, types, 'every event is named after its type');
    assert.deepEqual(types.slice(0, 3), ['message_start', 'ping', 'content_block_start']);
    assert.deepEqual(types.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
    assert.ok(types.slice(3, -3).every((type) => type === 'content_block_delta'));
    assert.ok(!raw.includes('[DONE]'));
  });

  test('a forced tool_use, and its tool_result continued', async () => {
    const first = await client.messages.create({ model, max_tokens: 200, messages: [question], tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' } });
    assert.equal(first.stop_reason, 'tool_use');
    const call = first.content.find((block) => block.type === 'tool_use');
    assert.ok(call && call.type === 'tool_use');
    assert.equal(call.name, 'get_weather');
    assert.equal(typeof (call.input as { city: unknown }).city, 'string');

    const answerWith = (result: string) =>
      client.messages.create({
        model,
        max_tokens: 6,
        tools: [weather],
        messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: result }] }],
      });
    const answer = await answerWith('Sunny.');
    assert.ok(['end_turn', 'max_tokens'].includes(answer.stop_reason!));
    assert.ok(answer.content.every((block) => block.type !== 'tool_use'));
    // The result reached the prompt: a longer one makes a longer prompt.
    const longer = await answerWith('Sunny and 21 degrees, with a light wind from the west all afternoon.');
    const total = (usage: Anthropic.Usage) => usage.input_tokens + (usage.cache_read_input_tokens ?? 0);
    assert.ok(total(longer.usage) > total(answer.usage));
  });

  test('a forced tool_use streams its input as input_json_delta', async () => {
    const final = await client.messages.stream({ model, max_tokens: 200, messages: [question], tools: [weather], tool_choice: { type: 'any' } }).finalMessage();
    assert.equal(final.stop_reason, 'tool_use');
    const call = final.content.find((block) => block.type === 'tool_use');
    assert.ok(call && call.type === 'tool_use' && typeof (call.input as { city: unknown }).city === 'string');
  });

  test('a stop sequence ends the message with stop_reason stop_sequence', async () => {
    const message = await client.messages.create({ model, max_tokens: 64, messages: [question], stop_sequences: [' '] });
    assert.equal(message.stop_reason, 'stop_sequence');
    assert.equal(message.stop_sequence, ' ');
  });

  test('output_config.format: the reply is JSON matching the schema', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string', maxLength: 12 } }, required: ['answer'] };
    const message = await client.messages.create({ model, max_tokens: 60, messages: [question], output_config: { format: { type: 'json_schema', schema } } });
    const block = message.content[0]!;
    assert.ok(block.type === 'text');
    assert.equal(typeof (JSON.parse(block.text) as { answer: unknown }).answer, 'string');
  });

  test('sampling fields older clients send are taken', async () => {
    const response = await post({ model, max_tokens: 4, messages: [question], temperature: 0, top_p: 0.9, top_k: 40, metadata: { user_id: 'u1' } });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { type: string }).type, 'message');
  });

  test('countTokens counts the prompt a message evaluates', async () => {
    const params = { model, system: 'You tell stories.', messages: [question] };
    const { input_tokens: counted } = await client.messages.countTokens(params);
    const message = await client.messages.create({ ...params, max_tokens: 1 });
    assert.equal(counted, message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0));
    const withTools = await client.messages.countTokens({ ...params, tools: [weather] });
    assert.ok(withTools.input_tokens > counted, 'the tools are in the count');
  });

  test('an unknown model is a 404 in Anthropic’s error shape', async () => {
    const error = await client.messages.create({ model: 'no-such-model', max_tokens: 5, messages: [question] }).catch((caught: unknown) => caught);
    assert.ok(error instanceof Anthropic.NotFoundError, String(error));
    const body = error.error as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'not_found_error');
    assert.match(body.error.message, /no-such-model/);
  });

  test('bad input answers 400 invalid_request_error in Anthropic’s shape', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['missing max_tokens', { model, messages: [question] }, /max_tokens/],
      ['an unknown block type', { model, max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'hologram', text: 'hi' }] }] }, /messages\.0\.content.*at 0\.type: unknown content block type "hologram"/],
      ['an image', { model, max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA==' } }] }] }, /images/],
      ['a server tool', { model, max_tokens: 5, messages: [question], tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, /tools\.0/],
      ['forcing a tool with none given', { model, max_tokens: 5, messages: [question], tool_choice: { type: 'any' } }, /no tools/],
      ['a tool_result answering no call', { model, max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'x' }] }] }, /toolu_x/],
      ['temperature above 1', { model, max_tokens: 5, messages: [question], temperature: 1.5 }, /temperature/],
    ];
    for (const [what, body, message] of cases) {
      const response = await post(body);
      assert.equal(response.status, 400, what);
      const error = (await response.json()) as { type: string; error: { type: string; message: string } };
      assert.equal(error.type, 'error', what);
      assert.equal(error.error.type, 'invalid_request_error', what);
      assert.match(error.error.message, message, what);
    }
  });

  test('a prompt longer than the context is a 400 in Anthropic’s shape', async () => {
    const response = await post({ model, max_tokens: 5, messages: [{ role: 'user', content: 'once upon a time '.repeat(2000) }] });
    assert.equal(response.status, 400);
    const error = (await response.json()) as { error: { type: string; message: string } };
    assert.equal(error.error.type, 'invalid_request_error');
    assert.match(error.error.message, /context/);
  });

  test('keys: Bearer works too; none, or a wrong one, is a 401 authentication_error', async () => {
    const bearer = await post({ model, max_tokens: 1, messages: [question] }, { authorization: `Bearer ${key}` });
    assert.equal(bearer.status, 200);
    for (const headers of [{}, { 'x-api-key': 'sk-wrong' }] as Array<Record<string, string>>) {
      const response = await post({ model, max_tokens: 1, messages: [question] }, headers);
      assert.equal(response.status, 401);
      const error = (await response.json()) as { type: string; error: { type: string } };
      assert.deepEqual([error.type, error.error.type], ['error', 'authentication_error']);
    }
  });

  test('a wrong method is a 405 in Anthropic’s shape', async () => {
    const response = await fetch(`${server.url}/v1/messages`, { headers: { 'x-api-key': key } });
    assert.equal(response.status, 405);
    assert.equal(((await response.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  });
});
