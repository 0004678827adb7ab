import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseKeepAlive } from './keepAlive.js';
import { fromOllamaMessages, fromOllamaOptions, toOllamaParameterSize, toOllamaToolCalls } from './translate.js';

describe('keep_alive', () => {
  const cases: Array<[number | string, number]> = [
    [300, 300],
    ['300', 300],
    ['5m', 300],
    ['1h30m', 5400],
    ['1.5h', 5400],
    ['300ms', 0.3],
    [0, 0],
    ['0', 0],
    [-1, -1],
    ['-1', -1],
    ['-5m', -1],
    // Beyond setTimeout's 2^31−1 ms (24.8 days) a timer fires at once; such a keep_alive means "forever".
    [1e308, -1],
    [Infinity, -1],
    [2 ** 31, -1],
    ['600h', -1],
    ['2562047h', -1],
    ['596h', 596 * 3600],
  ];
  for (const [input, seconds] of cases) test(`${JSON.stringify(input)} → ${seconds}s`, () => assert.equal(parseKeepAlive(input), seconds));
  for (const bad of ['soon', '5 minutes', '', 'm5']) test(`${JSON.stringify(bad)} is refused`, () => assert.throws(() => parseKeepAlive(bad), { status: 400, param: 'keep_alive' }));
});

test('parameter sizes print as Ollama prints them', () => {
  assert.equal(toOllamaParameterSize(292_800), '292.80K');
  assert.equal(toOllamaParameterSize(135_000_000), '135M');
  assert.equal(toOllamaParameterSize(8_030_000_000), '8.0B');
  assert.equal(toOllamaParameterSize(512), '512');
});

test('options: honoured ones map to the engine, the rest are reported as ignored', () => {
  const { sampling, ignored } = fromOllamaOptions({ temperature: 0.2, top_p: 0.9, num_predict: -1, stop: 'END', num_gpu: 1, mirostat: 2 });
  assert.deepEqual(sampling, { temperature: 0.2, topP: 0.9, stop: ['END'] });
  assert.deepEqual(ignored.sort(), ['mirostat', 'num_gpu']);
  assert.equal(fromOllamaOptions({ num_predict: 16 }).sampling.maxTokens, 16);
});

test('tool results pair with the earliest unanswered call of their name', () => {
  const messages = fromOllamaMessages([
    { role: 'user', content: 'weather and time?' },
    { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }, { function: { name: 'get_time', arguments: {} } }] },
    { role: 'tool', content: '12:00', tool_name: 'get_time' },
    { role: 'tool', content: 'sunny' },
  ]);
  const calls = messages[1]!.toolCalls!;
  assert.equal(calls[0]!.arguments, '{"city":"Paris"}');
  assert.equal(messages[2]!.toolCallId, calls[1]!.id);
  assert.equal(messages[3]!.toolCallId, calls[0]!.id);
  assert.throws(() => fromOllamaMessages([{ role: 'tool', content: 'x', tool_name: 'nope' }]), { status: 400 });
});

test('tool call arguments go out as objects', () => {
  assert.deepEqual(toOllamaToolCalls([{ id: 'a', name: 'f', arguments: '{"x":1}' }]), [{ function: { name: 'f', arguments: { x: 1 } } }]);
});
