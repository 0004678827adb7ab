import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chunkText } from './chunkText.js';

// A stand-in tokenizer for the chunker's rules: one token per word (the real one, the embedding model's,
// is used through the API tests).
const countTokens = (text: string) => (text.match(/\S+/g) ?? []).length;
const words = (count: number, word = 'word') => Array.from({ length: count }, (_, index) => `${word}${index}`).join(' ');

describe('chunkText', () => {
  test('every chunk is within the size, and its text is exactly its slice of the document', () => {
    const text = [words(30), words(50, 'long'), `${words(8)}. ${words(9)}. ${words(12)}.`, words(200, 'run')].join('\n\n');
    const chunks = chunkText(text, { countTokens, chunkSize: 20, overlap: 0 });
    for (const [index, chunk] of chunks.entries()) {
      assert.equal(chunk.index, index);
      assert.ok(countTokens(chunk.text) <= 20, `chunk ${index}: ${countTokens(chunk.text)} tokens`);
      assert.equal(chunk.text, text.slice(chunk.start, chunk.end));
    }
    // Without overlap, every word is in exactly one chunk.
    assert.equal(chunks.reduce((sum, chunk) => sum + countTokens(chunk.text), 0), countTokens(text));
  });

  test('paragraphs are kept whole when they fit, and packed together', () => {
    const text = ['alpha beta gamma.', 'delta epsilon.', 'zeta eta theta iota.'].join('\n\n');
    const chunks = chunkText(text, { countTokens, chunkSize: 6, overlap: 0 });
    assert.deepEqual(chunks.map((c) => c.text), ['alpha beta gamma.\n\ndelta epsilon.', 'zeta eta theta iota.']);
  });

  test('a heading starts a new chunk and is never a chunk of its own', () => {
    // The second section's paragraph fits a chunk alone (7 words) but not with its heading (9).
    const text = `# First\n\n${words(5, 'a')}\n\n## Second\n\n${words(3, 'b')}. ${words(4, 'c')}.`;
    const chunks = chunkText(text, { countTokens, chunkSize: 8, overlap: 0 });
    assert.ok(chunks[0]!.text.startsWith('# First') && chunks[0]!.text.includes('a4'));
    const second = chunks.find((c) => c.text.startsWith('## Second'))!;
    assert.ok(second.text.includes('b0'), `the heading keeps the start of its section: ${JSON.stringify(chunks.map((c) => c.text))}`);
    assert.ok(chunks.every((c) => !/^#+ \S+$/.test(c.text)));
  });

  test('consecutive chunks share whole sentences up to the overlap', () => {
    const sentences = Array.from({ length: 12 }, (_, index) => `s${index} x y.`);
    const chunks = chunkText(sentences.join(' '), { countTokens, chunkSize: 9, overlap: 3 });
    assert.ok(chunks.length > 2);
    for (let index = 1; index < chunks.length; index++) {
      assert.ok(chunks[index]!.start < chunks[index - 1]!.end, 'each chunk starts inside the previous one');
      const shared = chunks[index - 1]!.end - chunks[index]!.start;
      assert.ok(countTokens(chunks[index]!.text.slice(0, shared)) <= 3);
    }
  });

  test('a word longer than a chunk is cut; pages are numbered from the page starts', () => {
    const text = `page one text\n\npage two ${'x'.repeat(50)}`;
    const chunks = chunkText(text, { countTokens: (t) => Math.ceil(t.length / 10), chunkSize: 2, overlap: 0, pageStarts: [0, 15] });
    assert.ok(chunks.every((c) => c.text.length <= 20));
    assert.equal(chunks[0]!.page, 1);
    assert.equal(chunks.at(-1)!.page, 2);
    assert.equal(chunks.map((c) => c.text).join('').replace(/\s+/g, ''), text.replace(/\s+/g, ''), 'nothing is lost');
  });
});
