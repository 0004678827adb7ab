import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConversationMessage } from '../../../common/conversations.js';
import type { ModelSummary } from '../../../common/ipc/contract.js';
import { chatModelsFirst, defaultModel, maxTokensFor, omittedNote, replyStatusOf, requestTurns } from './conversation.js';

const model = (id: string, state: ModelSummary['state'], hasChatTemplate?: boolean): ModelSummary => ({ id, aliases: [], sizeBytes: 1, modifiedAt: 0, state, hasChatTemplate });
const message = (role: 'user' | 'assistant', content: string, extra: Partial<ConversationMessage> = {}): ConversationMessage => ({ id: content, role, content, createdAt: 0, ...extra });

test('max tokens: the setting, else 512 or a quarter of the loaded context, whichever is smaller', () => {
  assert.equal(maxTokensFor({ maxTokens: 77 }, 2048), 77);
  assert.equal(maxTokensFor({}, 2048), 512);
  assert.equal(maxTokensFor({}, 1024), 256);
  assert.equal(maxTokensFor({}, undefined), 512);
});

test('request turns: the system prompt first, failed and empty replies left out', () => {
  const history = [message('user', 'a'), message('assistant', 'broken', { status: 'error' }), message('assistant', '', { status: 'stopped' }), message('user', 'b'), message('assistant', 'partial', { status: 'stopped' })];
  assert.deepEqual(requestTurns({ systemPrompt: 'Be brief.' }, history), [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'a' },
    { role: 'user', content: 'b' },
    { role: 'assistant', content: 'partial' },
  ]);
  assert.deepEqual(requestTurns({ systemPrompt: '  ' }, [message('user', 'x')]), [{ role: 'user', content: 'x' }]);
});

test('reply status from the finish reason', () => {
  assert.equal(replyStatusOf('cancelled'), 'stopped');
  assert.equal(replyStatusOf('length'), 'length');
  assert.equal(replyStatusOf('stop'), 'complete');
  assert.equal(replyStatusOf(null), 'complete');
});

test('the default model: the last used, else a loaded one, else one with a chat template — never a template-less one on disk', () => {
  const models = [model('plain', 'unloaded', false), model('chat', 'unloaded', true), model('loaded-plain', 'loaded', false)];
  assert.equal(defaultModel(models, 'plain'), 'plain');
  assert.equal(defaultModel(models, 'gone'), 'loaded-plain');
  assert.equal(defaultModel(models.slice(0, 2), null), 'chat');
  assert.equal(defaultModel([model('plain', 'unloaded', false)], null), null);
  assert.deepEqual(chatModelsFirst(models).map((entry) => entry.id), ['chat', 'loaded-plain', 'plain']);
});

test('the omitted note names the count and the context', () => {
  assert.equal(omittedNote(3, 2048), "3 earlier messages were left out to fit the model's 2,048-token context.");
  assert.equal(omittedNote(1, undefined), "1 earlier message was left out to fit the model's context.");
});
