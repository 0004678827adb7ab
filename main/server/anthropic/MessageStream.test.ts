import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AnthropicStreamEvent } from '../../../common/api/anthropic.js';
import type { GenerationResult } from '../../engine/types.js';
import { MessageStream } from './MessageStream.js';
import { toAnthropicMessage } from './translate.js';

// The tiny test models have no template that separates thoughts, so thinking blocks are checked here.
const result: GenerationResult = {
  model: 'm',
  text: 'Hello',
  thoughts: 'Let me think.',
  toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
  finishReason: 'tool_calls',
  usage: { promptTokens: 10, completionTokens: 4, cachedPromptTokens: 6 },
  timings: { loadMs: 0, promptMs: 0, generateMs: 0, totalMs: 0 },
};

describe('Anthropic thinking blocks and the event sequence', () => {
  test('a message: thinking, text, then tool_use; cache reads counted apart', () => {
    const message = toAnthropicMessage(result, 'msg_1');
    assert.deepEqual(
      message.content.map((block) => block.type),
      ['thinking', 'text', 'tool_use'],
    );
    assert.deepEqual(message.content[0], { type: 'thinking', thinking: 'Let me think.', signature: '' });
    assert.deepEqual(message.content[2], { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' }, caller: { type: 'direct' } });
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual([message.usage.input_tokens, message.usage.cache_read_input_tokens, message.usage.output_tokens], [4, 6, 4]);
  });

  test('a stream: blocks indexed in order, each started and stopped once', () => {
    const events: AnthropicStreamEvent[] = [];
    const stream = new MessageStream((event) => events.push(event), { id: 'msg_1', model: 'm' });
    stream.start({ promptTokens: 10, cachedPromptTokens: 6 });
    stream.thought('Let me ');
    stream.thought('think.');
    stream.text('Hello');
    stream.finish(result);
    const summary = events.map((event) => ('index' in event ? `${event.type}#${event.index}` : event.type));
    assert.deepEqual(summary, [
      'message_start',
      'ping',
      'content_block_start#0',
      'content_block_delta#0',
      'content_block_delta#0',
      'content_block_stop#0',
      'content_block_start#1',
      'content_block_delta#1',
      'content_block_stop#1',
      'content_block_start#2',
      'content_block_delta#2',
      'content_block_stop#2',
      'message_delta',
      'message_stop',
    ]);
    const thinking = events[3]!;
    assert.ok(thinking.type === 'content_block_delta' && thinking.delta.type === 'thinking_delta');
  });
});
