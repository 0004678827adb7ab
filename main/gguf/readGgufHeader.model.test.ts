import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readGgufFileInfo } from 'node-llama-cpp';
import { missingTestModels, testModelPath, testModels, type TestModelId } from '../../test/testModels.js';
import { GgufArraySummary } from './ggufValues.js';
import { vocabularyKeys } from './modelFacts.js';
import { readGgufHeader } from './readGgufHeader.js';
import { readModelFacts } from './readModelFacts.js';

const models: TestModelId[] = [testModels.tiny, testModels.chatml, testModels.tinyRandom, testModels.bench];

/** node-llama-cpp's nested metadata as flat `section.key` entries. */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else into.set(prefix, typeof value === 'bigint' ? Number(value) : value);
  return into;
}

for (const id of models) {
  test(`${id}: the same header as node-llama-cpp reads, and the same facts as before`, { skip: missingTestModels([id]) }, async () => {
    const file = testModelPath(id);
    const theirs = await readGgufFileInfo(file, { logWarnings: false });
    const ours = await readGgufHeader(file, { tensors: true, skipKeys: vocabularyKeys });

    const expected = flatten(theirs.metadata, '', new Map());
    assert.deepEqual([...ours.metadata.keys()].sort(), [...expected.keys()].sort());
    for (const [key, value] of ours.metadata) {
      if (value instanceof GgufArraySummary) assert.equal(value.length, (expected.get(key) as unknown[]).length, key);
      else if (typeof value === 'number' && !Number.isInteger(value)) assert.ok(Math.abs(value - (expected.get(key) as number)) < 1e-6, key);
      else assert.deepEqual(value, expected.get(key), key);
    }
    const theirTensors = theirs.fullTensorInfo!.map((t) => ({ name: t.name, dimensions: t.dimensions.map(Number), ggmlType: t.ggmlType, offset: Number(t.offset) }));
    assert.deepEqual(ours.tensors, theirTensors);
    assert.equal(ours.version, theirs.version);

    const facts = await readModelFacts(file);
    const meta = theirs.metadata as Record<string, any>;
    assert.equal(facts.architecture, meta.general.architecture);
    assert.equal(facts.trainContextSize, meta.llama.context_length);
    assert.equal(facts.parameterCount, theirTensors.reduce((sum, t) => sum + t.dimensions.reduce((a, d) => a * d, 1), 0));
    assert.equal(facts.hasChatTemplate, typeof meta.tokenizer.chat_template === 'string');
    assert.deepEqual(facts.stopTokens, [meta.tokenizer.ggml.tokens[meta.tokenizer.ggml.eos_token_id]]);
  });
}

test('the test models keep their known facts', { skip: missingTestModels([testModels.tiny, testModels.chatml]) }, async () => {
  const tiny = await readModelFacts(testModelPath(testModels.tiny));
  assert.equal(tiny.parameterCount, 292_800);
  assert.equal(tiny.trainContextSize, 2048);
  assert.equal(tiny.embeddingLength, 64);
  assert.equal(tiny.hasChatTemplate, false);
  assert.equal(tiny.metadata['tokenizer.ggml.tokens'], null, 'vocabularies are null in model_info, as Ollama shows them');
  const chat = await readModelFacts(testModelPath(testModels.chatml));
  assert.match(chat.chatTemplate, /<\|im_start\|>/);
});
