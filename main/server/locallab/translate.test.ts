import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localLabBatchRequest, localLabGenerateRequest } from '../../../common/api/locallab.js';
import { fromLocalLabBatchRequest, fromLocalLabGenerateRequest, fromLocalLabSampling, toLocalLabUsage } from './translate.js';

describe('LocalLab translation', () => {
  test("omitted and null parameters take LocalLab's documented defaults", () => {
    const expected = { maxTokens: 8192, temperature: 0.7, topP: 0.9, topK: 80, repeatPenalty: 1.15 };
    assert.deepEqual(fromLocalLabSampling({}), expected);
    assert.deepEqual(fromLocalLabSampling({ max_length: null, temperature: null, top_p: null, top_k: null, repetition_penalty: null, do_sample: null }), expected);
  });

  test('sent parameters map one to one; do_sample false is greedy whatever the temperature', () => {
    assert.deepEqual(fromLocalLabSampling({ max_length: 5, temperature: 1.2, top_p: 0.5, top_k: 3, repetition_penalty: 1 }), { maxTokens: 5, temperature: 1.2, topP: 0.5, topK: 3, repeatPenalty: 1 });
    assert.equal(fromLocalLabSampling({ temperature: 1.2, do_sample: false }).temperature, 0);
    assert.equal(fromLocalLabSampling({ temperature: 1.2, do_sample: true }).temperature, 1.2);
  });

  test('a prompt is one user message; a batch is one request per prompt, in order', () => {
    const single = fromLocalLabGenerateRequest(localLabGenerateRequest.parse({ prompt: 'Hi', extra: 1 }), 'm');
    assert.deepEqual(single.messages, [{ role: 'user', content: 'Hi' }]);
    assert.equal(single.model, 'm');
    const batch = fromLocalLabBatchRequest(localLabBatchRequest.parse({ prompts: ['a', 'b', 'c'], max_length: 2 }), 'm');
    assert.deepEqual(batch.map((r) => r.messages[0]!.content), ['a', 'b', 'c']);
    assert.ok(batch.every((r) => r.maxTokens === 2));
  });

  test('usage sums over results', () => {
    assert.deepEqual(toLocalLabUsage([{ promptTokens: 3, completionTokens: 4 }, { promptTokens: 1, completionTokens: 2 }]), { prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 });
  });
});
