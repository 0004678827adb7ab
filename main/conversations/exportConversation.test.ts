import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConversationRecord, MessageSource } from '../../common/conversations.js';
import { exportConversation, toMarkdown } from './exportConversation.js';

const source = (citation: number, documentTitle: string, text: string): MessageSource => ({
  citation,
  datastoreId: 'ds_1',
  datastoreName: 'Manuals',
  documentId: `doc_${citation}`,
  documentTitle,
  text,
  score: 0.5 / citation,
  page: citation === 1 ? 3 : null,
});

const record: ConversationRecord = {
  id: 'chat_0123456789abcdef',
  title: 'Crème brûlée & the oven: a 2nd try!',
  settings: { model: 'tiny', temperature: 0.7, maxTokens: 256, systemPrompt: '# Be brief\nAnswer in one line.' },
  createdAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  updatedAt: Date.UTC(2026, 0, 2, 3, 5, 0),
  messages: [
    { id: 'm1', role: 'user', content: 'How hot [1]?', createdAt: 1 },
    { id: 'm2', role: 'assistant', model: 'tiny', content: 'At 150 °C [1], see [the manual](http://x) [3].', status: 'complete', sources: [source(1, 'Oven manual', 'Bake at\n150 °C.'), source(2, 'Recipe', 'Water bath.')], createdAt: 2 },
    { id: 'm3', role: 'user', content: 'And then?', createdAt: 3 },
    { id: 'm4', role: 'assistant', content: 'Chill it [1] and', status: 'stopped', sources: [source(1, 'Recipe', 'Chill for 4 hours.')], createdAt: 4 },
    { id: 'm5', role: 'assistant', content: '', status: 'error', error: 'The server stopped.', createdAt: 5 },
  ],
};

test('Markdown: title, settings, system prompt quoted, turns under role headings, sources as numbered footnotes', () => {
  const markdown = toMarkdown(record);
  const expected = [
    '# Crème brûlée & the oven: a 2nd try!',
    '- Model: tiny\n- Temperature: 0.7\n- Max tokens: 256\n- Created: 2026-01-02T03:04:05Z\n- Updated: 2026-01-02T03:05:00Z',
    '## System prompt\n\n> # Be brief\n> Answer in one line.',
    '## User\n\nHow hot [1]?',
    '## Assistant (tiny)\n\nAt 150 °C [^1], see [the manual](http://x) [3].\n\nSources: [^2]\n\n[^1]: Oven manual (Manuals, page 3, score 0.500): “Bake at 150 °C.”\n[^2]: Recipe (Manuals, score 0.250): “Water bath.”',
    '## User\n\nAnd then?',
    '## Assistant\n\nChill it [^3] and\n\n[^3]: Recipe (Manuals, page 3, score 0.500): “Chill for 4 hours.”\n\n_The reply was stopped._',
    '## Assistant\n\n_The reply failed: The server stopped._',
  ].join('\n\n');
  assert.equal(markdown, `${expected}\n`);
});

test('files are named after the title in plain ASCII; JSON is the record itself', () => {
  const markdown = exportConversation(record, 'markdown');
  assert.equal(markdown.fileName, 'creme-brulee-the-oven-a-2nd-try.md');
  assert.equal(markdown.mimeType, 'text/markdown');
  const json = exportConversation(record, 'json');
  assert.equal(json.fileName, 'creme-brulee-the-oven-a-2nd-try.json');
  assert.equal(json.mimeType, 'application/json');
  assert.deepEqual(JSON.parse(json.content), record);
  assert.equal(exportConversation({ ...record, title: '日本語' }, 'json').fileName, 'chat_0123456789abcdef.json', 'nothing ASCII left: the id');
});
