import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// The ChatML test model has a chat template but no training for tools: tool_choice 'required'
// forces a call through a grammar, so the mechanics are tested, never the model's judgment.
const models = [testModels.chatml];
const tools: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'The weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string', maxLength: 16 } }, required: ['city'] },
    },
  },
  {
    type: 'function',
    function: { name: 'get_time', description: 'The time in a zone', parameters: { type: 'object', properties: { zone: { enum: ['utc', 'local'] } }, required: ['zone'] } },
  },
];
const question: OpenAI.Chat.ChatCompletionMessageParam = { role: 'user', content: 'What is the weather in Paris?' };

describe('tool calls through /v1/chat/completions', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: OpenAI;
  before(async () => {
    server = await startTestServer({ models });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => server?.close());

  test('round trip: a forced call, the tool result sent back, a final answer', async () => {
    const first = await client.chat.completions.create({ model: testModels.chatml, messages: [question], tools, tool_choice: 'required', max_tokens: 200 });
    const choice = first.choices[0]!;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    const calls = choice.message.tool_calls!;
    assert.ok(calls.length >= 1);
    const call = calls[0]!;
    assert.equal(call.type, 'function');
    assert.ok(call.type === 'function' && ['get_weather', 'get_time'].includes(call.function.name));
    assert.match(call.id, /\S/);
    const args = JSON.parse(call.type === 'function' ? call.function.arguments : '{}') as Record<string, unknown>;
    assert.ok(typeof args.city === 'string' || ['utc', 'local'].includes(args.zone as string), JSON.stringify(args));

    const answerWith = (result: string) =>
      client.chat.completions.create({
        model: testModels.chatml,
        messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: result }],
        tools,
        max_tokens: 12,
        temperature: 0,
      });
    const final = await answerWith('Sunny and 21 degrees.');
    assert.ok(['stop', 'length'].includes(final.choices[0]!.finish_reason), final.choices[0]!.finish_reason);
    assert.equal(typeof final.choices[0]!.message.content, 'string');
    assert.equal(final.choices[0]!.message.tool_calls, undefined);
    // The tool result reached the prompt: a longer result makes a longer prompt.
    const longer = await answerWith('Sunny and 21 degrees, with a light wind from the west all afternoon.');
    assert.ok(longer.usage!.prompt_tokens > final.usage!.prompt_tokens);
  });

  test('a named tool_choice calls that tool', async () => {
    const completion = await client.chat.completions.create({
      model: testModels.chatml,
      messages: [question],
      tools,
      tool_choice: { type: 'function', function: { name: 'get_time' } },
      max_tokens: 200,
    });
    const call = completion.choices[0]!.message.tool_calls![0]!;
    assert.ok(call.type === 'function');
    assert.equal(call.function.name, 'get_time');
    assert.ok(['utc', 'local'].includes((JSON.parse(call.function.arguments) as { zone: string }).zone));
  });

  test('streams tool calls as deltas: index, id, type and name first, then argument fragments', async () => {
    const stream = await client.chat.completions.create({
      model: testModels.chatml,
      messages: [question],
      tools,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      max_tokens: 200,
      stream: true,
    });
    const deltas: OpenAI.Chat.ChatCompletionChunk.Choice.Delta.ToolCall[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(finish, 'tool_calls');
    const [head, ...fragments] = deltas;
    assert.equal(head!.index, 0);
    assert.match(head!.id!, /\S/);
    assert.equal(head!.type, 'function');
    assert.equal(head!.function!.name, 'get_weather');
    assert.ok(fragments.length >= 1);
    for (const fragment of fragments) {
      assert.equal(fragment.index, 0);
      assert.equal(fragment.id, undefined);
      assert.equal(fragment.function!.name, undefined);
    }
    const args = (head!.function!.arguments ?? '') + fragments.map((fragment) => fragment.function!.arguments).join('');
    const { city } = JSON.parse(args) as { city: string };
    assert.equal(typeof city, 'string');
    assert.ok(city.length <= 16);
  });

  test("tool_choice 'none' hides the tools: plain text, no calls", async () => {
    const completion = await client.chat.completions.create({ model: testModels.chatml, messages: [question], tools, tool_choice: 'none', max_tokens: 8 });
    assert.equal(completion.choices[0]!.message.tool_calls, undefined);
    assert.equal(completion.choices[0]!.finish_reason, 'length');
  });
});
