import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { openAiChatRequest, openAiCompletionRequest } from '../../../common/api/openai.js';
import { InvalidRequestError } from '../../../common/errors.js';
import { fromOpenAiChatRequest, fromOpenAiCompletionRequest, toOpenAiEmbeddingResponse, toOpenAiToolCallDeltas } from './translate.js';

const parseChat = (body: unknown) => fromOpenAiChatRequest(openAiChatRequest.parse(body));
const base = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };

describe('OpenAI → engine translation', () => {
  test('unknown fields are dropped, nulls mean unset, sampling names are mapped', () => {
    const request = parseChat({ ...base, metadata: { a: 1 }, store: true, temperature: null, top_p: 0.5, max_tokens: 9, max_completion_tokens: null, stop: 'END', seed: 3 });
    assert.deepEqual(request, { model: 'm', messages: [{ role: 'user', content: 'Hi' }], topP: 0.5, maxTokens: 9, stop: ['END'], seed: 3 });
  });

  test('developer becomes system, text parts are joined, tool turns keep their ids', () => {
    const request = parseChat({
      model: 'm',
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'done' },
      ],
    });
    assert.deepEqual(request.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'a\nb' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] },
      { role: 'tool', content: 'done', toolCallId: 'c1' },
    ]);
  });

  test('json_schema is read nested or bare; json_schema without one fails validation at its path', () => {
    const schema = { type: 'object' };
    assert.deepEqual(parseChat({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }).responseFormat, { type: 'json_schema', schema });
    assert.deepEqual(parseChat({ ...base, response_format: { type: 'json_schema', schema } }).responseFormat, { type: 'json_schema', schema });
    assert.equal(parseChat({ ...base, response_format: { type: 'text' } }).responseFormat, undefined);
    const result = openAiChatRequest.safeParse({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'x' } } });
    assert.ok(!result.success);
    assert.deepEqual(result.error.issues[0]!.path, ['response_format', 'json_schema', 'schema']);
  });

  test('tools and tool_choice map to the engine; parallel_tool_calls false allows one call', () => {
    const request = parseChat({
      ...base,
      tools: [{ type: 'function', function: { name: 'f', description: null, parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
    });
    assert.deepEqual(request.tools, [{ name: 'f', parameters: { type: 'object' } }]);
    assert.deepEqual(request.toolChoice, { name: 'f' });
    assert.equal(request.maxParallelToolCalls, 1);
  });

  test('what the engine cannot do honestly is refused with the parameter named', () => {
    const refusals: Array<[unknown, string]> = [
      [{ ...base, n: 2 }, 'n'],
      [{ ...base, logprobs: true }, 'logprobs'],
      [{ ...base, top_logprobs: 2 }, 'logprobs'],
      [{ ...base, tool_choice: 'required' }, 'tool_choice'],
      [{ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] }, 'messages.0.content.0'],
      [{ model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] }, 'messages.0.content.0'],
    ];
    for (const [body, param] of refusals) {
      assert.throws(() => parseChat(body), (error: unknown) => error instanceof InvalidRequestError && error.status === 400 && error.param === param, param);
    }
  });

  test('several completion prompts become one engine request each', () => {
    const requests = fromOpenAiCompletionRequest(openAiCompletionRequest.parse({ model: 'm', prompt: ['a', 'b'], max_tokens: 4, suffix: null }));
    assert.deepEqual(requests, [{ model: 'm', prompt: 'a', maxTokens: 4 }, { model: 'm', prompt: 'b', maxTokens: 4 }]);
    assert.throws(() => openAiCompletionRequest.parse({ model: 'm', prompt: [[1, 2]] }), z.ZodError);
  });
});

describe('engine → OpenAI translation', () => {
  test('tool calls stream as a head delta and an argument fragment per call, with distinct indexes', () => {
    const deltas = toOpenAiToolCallDeltas([
      { id: 'a', name: 'f', arguments: '{"x":1}' },
      { id: 'b', name: 'g', arguments: '{}' },
    ]);
    assert.deepEqual(deltas, [
      [{ index: 0, id: 'a', type: 'function', function: { name: 'f', arguments: '' } }],
      [{ index: 0, function: { arguments: '{"x":1}' } }],
      [{ index: 1, id: 'b', type: 'function', function: { name: 'g', arguments: '' } }],
      [{ index: 1, function: { arguments: '{}' } }],
    ]);
  });

  test('base64 embeddings are little-endian float32', () => {
    const vector = [1.5, -2, 0.1];
    const response = toOpenAiEmbeddingResponse({ model: 'm', vectors: [vector], promptTokens: 3, timings: { loadMs: 0, promptMs: 0, generateMs: 0, totalMs: 0 } }, 'base64');
    const bytes = Buffer.from(response.data[0]!.embedding as string, 'base64');
    assert.deepEqual([0, 1, 2].map((i) => bytes.readFloatLE(i * 4)), vector.map(Math.fround));
    assert.deepEqual(response.usage, { prompt_tokens: 3, total_tokens: 3 });
  });
});
