import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitForSpeech } from './splitForSpeech.js';

test('short text is one piece', () => {
  assert.deepEqual(splitForSpeech('  Hello there.  ', 100), ['Hello there.']);
  assert.deepEqual(splitForSpeech('   ', 100), []);
});

test('long text is cut at paragraph, then sentence, then word ends, each piece within the limit and nothing lost', () => {
  const paragraphs = 'First paragraph here. It has two sentences.\n\nSecond one, also short.';
  assert.deepEqual(splitForSpeech(paragraphs, 50), ['First paragraph here. It has two sentences.', 'Second one, also short.']);
  const sentences = 'One sentence is here. Another sentence follows it. And a third.';
  const cut = splitForSpeech(sentences, 30);
  assert.deepEqual(cut, ['One sentence is here.', 'Another sentence follows it.', 'And a third.']);
  const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
  const pieces = splitForSpeech(words, 100);
  assert.ok(pieces.every((piece) => piece.length <= 100 && !piece.startsWith(' ') && !piece.endsWith(' ')));
  assert.equal(pieces.join(' '), words);
  const unbroken = 'x'.repeat(250);
  assert.deepEqual(splitForSpeech(unbroken, 100), ['x'.repeat(100), 'x'.repeat(100), 'x'.repeat(50)]);
});
