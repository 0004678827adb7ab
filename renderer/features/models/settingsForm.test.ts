import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftOf, patchOf } from './settingsForm.js';

test('a draft becomes the patch the server takes; empty fields go back to the default', () => {
  const draft = { ...draftOf({}), contextSize: '256', threads: 'auto', flashAttention: 'off', aliases: 'a, b', temperature: '0.5' };
  assert.deepEqual(patchOf(draft).patch, {
    contextSize: 256,
    gpuLayers: null,
    threads: 'auto',
    parallelSlots: null,
    flashAttention: false,
    idleTtlSeconds: null,
    aliases: ['a', 'b'],
    systemPrompt: null,
    sampling: { temperature: 0.5 },
  });
  assert.deepEqual(draftOf({ contextSize: 256, sampling: { topK: 40 }, aliases: ['x'] }).topK, '40');
});

test('values the server would refuse are named per field, as its schema says', () => {
  const { patch, errors } = patchOf({ ...draftOf({}), contextSize: 'huge', parallelSlots: '0', temperature: '9', aliases: 'ok, ../bad' });
  assert.equal(patch, null);
  assert.deepEqual(Object.keys(errors).sort(), ['aliases', 'contextSize', 'parallelSlots', 'temperature']);
});
