import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Assistant } from '../../common/assistants.js';
import type { ChatRequest } from '../engine/types.js';
import { withAssistant } from './assistantChat.js';

const preset: Assistant = {
  id: 'asst_000000000000000000000001',
  object: 'assistant',
  created_at: 0,
  name: 'Helper',
  description: null,
  model: 'tiny',
  instructions: 'Be kind.',
  tools: [{ type: 'function', function: { name: 'lookup', description: 'Looks up', parameters: { type: 'object' } } }, { type: 'file_search' }],
  tool_resources: {},
  metadata: {},
  temperature: 0.2,
  top_p: 0.9,
  response_format: { type: 'json_object' },
};
const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'tiny', messages: [{ role: 'user', content: 'Hi' }], ...extra });

test('the preset fills what the request leaves out', () => {
  const request = withAssistant({ ...preset, tools: [] }, ask());
  assert.deepEqual(request.messages, [{ role: 'system', content: 'Be kind.' }, { role: 'user', content: 'Hi' }]);
  assert.equal(request.temperature, 0.2);
  assert.equal(request.topP, 0.9);
  assert.deepEqual(request.responseFormat, { type: 'json_object' });
});

test('what the request sets wins, and its own system message follows the instructions in one message', () => {
  const request = withAssistant(preset, ask({ temperature: 1, topP: 0.5, responseFormat: { type: 'text' }, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] }));
  assert.equal(request.temperature, 1);
  assert.equal(request.topP, 0.5);
  assert.deepEqual(request.responseFormat, { type: 'text' });
  assert.deepEqual(request.messages, [{ role: 'system', content: 'Be kind.\n\nBe brief.' }, { role: 'user', content: 'Hi' }]);
  assert.equal(request.tools, undefined, 'with a format of its own, the preset tools stay out: the engine forces one or the other');
});

test('function tools are offered when the request has no tools and no format; file_search is grounding, not a tool', () => {
  const request = withAssistant({ ...preset, response_format: 'auto' }, ask());
  assert.deepEqual(request.tools, [{ name: 'lookup', description: 'Looks up', parameters: { type: 'object' } }]);
  const own = withAssistant({ ...preset, response_format: 'auto' }, ask({ tools: [{ name: 'mine' }] }));
  assert.deepEqual(own.tools, [{ name: 'mine' }]);
  assert.equal(withAssistant(preset, ask({ tools: [{ name: 'mine' }] })).responseFormat, undefined, 'no default format beside tools');
});

test('no instructions leave the messages as they are', () => {
  const messages = ask().messages;
  assert.equal(withAssistant({ ...preset, instructions: null }, ask({ messages })).messages, messages);
});
