import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ResponsesStreamEvent } from '../../../common/api/responses.js';
import type { GenerationResult } from '../../engine/types.js';
import { ResponseOutput } from './ResponseOutput.js';

// The tiny test models have no template that separates thoughts, so reasoning items are checked here,
// on the builder both the streamed and the plain response use.
const result = (fields: Partial<GenerationResult>): GenerationResult => ({
  model: 'm',
  text: '',
  toolCalls: [],
  finishReason: 'stop',
  usage: { promptTokens: 5, completionTokens: 3, cachedPromptTokens: 0 },
  timings: { loadMs: 0, promptMs: 0, generateMs: 0, totalMs: 0 },
  ...fields,
});

describe('ResponseOutput', () => {
  test('streamed thoughts become a reasoning item before the message, each opened and closed in order', () => {
    const events: ResponsesStreamEvent[] = [];
    const output = new ResponseOutput((event) => events.push(event));
    output.thought('Let me ');
    output.thought('think.');
    output.text('Hello');
    const items = output.finish(result({ thoughts: 'Let me think.', text: 'Hello' }));
    assert.deepEqual(
      items.map((item) => item.type),
      ['reasoning', 'message'],
    );
    assert.deepEqual(items[0], { type: 'reasoning', id: items[0]!.id, summary: [], content: [{ type: 'reasoning_text', text: 'Let me think.' }], status: 'completed' });
    assert.deepEqual(
      events.map((event) => event.type),
      [
        'response.output_item.added',
        'response.content_part.added',
        'response.reasoning_text.delta',
        'response.reasoning_text.delta',
        'response.reasoning_text.done',
        'response.content_part.done',
        'response.output_item.done',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done',
      ],
    );
    assert.deepEqual(
      events.map((event) => ('output_index' in event ? event.output_index : -1)),
      [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
    );
  });

  test('without a listener, the result alone gives the same items', () => {
    const items = new ResponseOutput().finish(result({ thoughts: 'Hmm.', text: 'Hi', finishReason: 'length' }));
    assert.equal(items[0]!.type, 'reasoning');
    assert.ok(items[1]!.type === 'message' && items[1]!.status === 'incomplete' && items[1]!.content[0]!.type === 'output_text' && items[1]!.content[0]!.text === 'Hi');
  });

  test('a turn of calls only has no message; an empty turn has an empty one', () => {
    const calls = new ResponseOutput().finish(result({ finishReason: 'tool_calls', toolCalls: [{ id: 'call_1', name: 'f', arguments: '{}' }] }));
    assert.deepEqual(
      calls.map((item) => item.type),
      ['function_call'],
    );
    const empty = new ResponseOutput().finish(result({}));
    assert.ok(empty.length === 1 && empty[0]!.type === 'message' && empty[0]!.content[0]!.type === 'output_text' && empty[0]!.content[0]!.text === '');
  });
});
