import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BindingSummary } from '../../../common/bindings.js';
import { draftOf, emptyDraft, inputOf, keyStorageText, modelLabel, patchOf, unexposed } from './bindingForm.js';

const saved: BindingSummary = {
  id: 'b1',
  name: 'gpu-box',
  kind: 'openai',
  baseUrl: 'http://gpu-box:8000/v1',
  models: [{ name: 'llama-3-70b', alias: 'big' }, { name: 'qwen' }],
  timeoutMs: 30_000,
  enabled: true,
  createdAt: '2026-12-06T00:00:00.000Z',
  hasApiKey: true,
  keyStorage: 'file',
  health: { healthy: true, checkedAt: null, error: null, inFlight: 0 },
};

test('a filled draft becomes the create input: trimmed, blank model rows dropped, aliases only where typed, seconds to ms', () => {
  const draft = { ...emptyDraft(), name: ' box ', baseUrl: 'http://h:1/v1 ', apiKey: 'sk-1', timeoutSeconds: '2.5' };
  draft.models = [{ name: ' m1 ', alias: '' }, { name: '', alias: 'ignored' }, { name: 'm2', alias: ' two ' }];
  const result = inputOf(draft);
  assert.ok(result.ok);
  assert.deepEqual(result.input, { name: 'box', kind: 'openai', baseUrl: 'http://h:1/v1', apiKey: 'sk-1', timeoutMs: 2500, enabled: true, models: [{ name: 'm1' }, { name: 'm2', alias: 'two' }] });
});

test('each invalid field is named in words', () => {
  const result = inputOf({ ...emptyDraft(), baseUrl: 'ftp://x', timeoutSeconds: '0' });
  assert.ok(!result.ok);
  assert.deepEqual(Object.keys(result.errors).sort(), ['baseUrl', 'models', 'name', 'timeoutSeconds']);
  assert.match(result.errors.baseUrl!, /http:\/\/ or https:\/\//);
  assert.match(result.errors.models!, /at least one model/);
});

test('an edit sends the key only when typed, null when removed, and never otherwise', () => {
  const draft = draftOf(saved);
  assert.equal(draft.apiKey, '', 'the saved key is never put back into the form');
  assert.equal(draft.timeoutSeconds, '30');
  const checked = inputOf(draft);
  assert.ok(checked.ok);
  assert.equal('apiKey' in patchOf(checked.input, draft), false);
  assert.equal(patchOf(checked.input, { ...draft, removeKey: true }).apiKey, null);
  const typed = { ...draft, apiKey: 'sk-new' };
  const typedInput = inputOf(typed);
  assert.ok(typedInput.ok);
  assert.equal(patchOf(typedInput.input, typed).apiKey, 'sk-new');
});

test('what the upstream lists beyond the exposed models, and how models and key storage read', () => {
  assert.deepEqual(unexposed(saved, ['qwen', 'mistral', 'llama-3-70b', 'phi']), ['mistral', 'phi']);
  assert.equal(modelLabel(saved.models[0]!), 'big (llama-3-70b)');
  assert.equal(modelLabel(saved.models[1]!), 'qwen');
  assert.match(keyStorageText('safeStorage'), /encrypted by the system/);
  assert.match(keyStorageText('file'), /a file only you can read/);
});
