import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertAtCursor } from './insertAtCursor.js';

test('dictation goes where the caret is, spaced from the words around it', () => {
  assert.deepEqual(insertAtCursor({ value: '', start: 0, end: 0 }, ' Hello there. '), { value: 'Hello there.', caret: 12 });
  assert.deepEqual(insertAtCursor({ value: 'Say and go', start: 3, end: 3 }, 'hi'), { value: 'Say hi and go', caret: 6 });
  assert.deepEqual(insertAtCursor({ value: 'Say ', start: 4, end: 4 }, 'hi'), { value: 'Say hi', caret: 6 });
  assert.deepEqual(insertAtCursor({ value: 'one two three', start: 4, end: 7 }, 'TWO'), { value: 'one TWO three', caret: 7 }, 'a selection is replaced');
});

test('nothing heard leaves the text and caret as they were', () => {
  assert.deepEqual(insertAtCursor({ value: 'abc', start: 1, end: 2 }, '  '), { value: 'abc', caret: 2 });
});
