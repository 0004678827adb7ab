import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitToContext } from './fitToContext.js';
import type { ChatMessage } from './types.js';

// One token per character keeps the arithmetic visible.
const count = (messages: ChatMessage[]) => messages.reduce((sum, message) => sum + message.content.length, 0);
const turns = (n: number): ChatMessage[] => Array.from({ length: n }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `${i}`.padEnd(10, '.') }));

test('leaves the messages alone when they fit', () => {
  const messages = turns(4);
  assert.deepEqual(fitToContext(messages, 40, count), { messages, omitted: 0 });
});

test('leaves out the fewest oldest turns that make it fit, keeping system messages and the last message', () => {
  const messages: ChatMessage[] = [{ role: 'system', content: 'sys' }, ...turns(9)];
  const fitted = fitToContext(messages, 3 + 35, count);
  assert.equal(fitted.omitted, 6);
  assert.deepEqual(fitted.messages, [messages[0], ...messages.slice(7)]);
  assert.ok(count(fitted.messages) <= 38);
});

test('when nothing fits, keeps only the system messages and the last one', () => {
  const messages: ChatMessage[] = [{ role: 'system', content: 'sys' }, ...turns(5)];
  const fitted = fitToContext(messages, 5, count);
  assert.deepEqual(fitted.messages, [messages[0], messages.at(-1)]);
  assert.equal(fitted.omitted, 4);
});

test('a tool result whose call was left out goes too', () => {
  const messages: ChatMessage[] = [
    { role: 'user', content: 'aaaaaaaaaa' },
    { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] },
    { role: 'tool', content: 'result....', toolCallId: 'c1' },
    { role: 'user', content: 'bbbbbbbbbb' },
  ];
  const fitted = fitToContext(messages, 15, count);
  assert.deepEqual(fitted.messages, [messages[3]]);
  assert.equal(fitted.omitted, 3);
});
