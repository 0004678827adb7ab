import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConversationRecord } from '../../common/conversations.js';
import { defaultTitle, shorten, summarize } from './summarize.js';

const record = (contents: string[]): ConversationRecord => ({
  id: 'chat_0123456789',
  title: 'A title',
  settings: {},
  createdAt: 1,
  updatedAt: 2,
  messages: contents.map((content, index) => ({ id: String(index), role: index % 2 === 0 ? 'user' : 'assistant', content, createdAt: index, ...(index % 2 ? { model: `model-${index}` } : {}) })),
});

test('shorten: one line, cut at a word near the length with an ellipsis; a long word is cut where it is', () => {
  assert.equal(shorten('  a\n\tb  ', 10), 'a b');
  assert.equal(shorten('one two three four', 12), 'one two…');
  assert.equal(shorten('https://example.com/a/very/long/path', 12), 'https://exam…');
});

test('defaultTitle: the first user message with text in it', () => {
  assert.equal(defaultTitle([]), 'New chat');
  assert.equal(defaultTitle(record(['   ', 'reply', 'Second question']).messages), 'Second question');
});

test('summarize: snippet of the last message, or around a match deep in a long one; the model of the last reply', () => {
  const long = `${'filler words here '.repeat(40)}the NEEDLE is here ${'and more text after it '.repeat(20)}`;
  const chat = record([long, 'Short reply']);
  const plain = summarize(chat)!;
  assert.deepEqual([plain.snippet, plain.model, plain.messageCount], ['Short reply', 'model-1', 2]);
  const found = summarize(chat, 'needle')!;
  assert.ok(found.snippet.startsWith('…') && found.snippet.endsWith('…'), found.snippet);
  assert.match(found.snippet, /the NEEDLE is here/);
  assert.ok(found.snippet.length < 200);
  assert.equal(summarize(chat, 'a title')!.snippet, 'Short reply', 'a title match shows the usual snippet');
  assert.equal(summarize(chat, 'absent'), null);
});
