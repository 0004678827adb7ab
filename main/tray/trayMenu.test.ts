import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelSummary } from '../../common/ipc/contract.js';
import { trayMenu, type TrayMenuItem } from './trayMenu.js';

const model = (id: string, state: ModelSummary['state']): ModelSummary => ({ id, state, aliases: [], sizeBytes: 1, modifiedAt: 0 });
const labels = (items: TrayMenuItem[]) => items.map((item) => ('label' in item ? item.label : '—'));

test('the menu follows model states live: loading and unloading show and cannot be toggled', () => {
  const running = { state: 'running' as const, url: 'http://127.0.0.1:9642', needsApiKey: false };
  const menu = trayMenu(running, [model('a', 'loaded'), model('b', 'loading'), model('c', 'unloaded'), model('d', 'unloading')]);
  const models = menu.items.find((item) => item.kind === 'models');
  assert.ok(models && models.kind === 'models');
  assert.deepEqual(
    models.items.map((item) => item.kind === 'model' && [item.label, item.checked, item.enabled]),
    [
      ['a', true, true],
      ['b (loading…)', true, false],
      ['c', false, true],
      ['d (unloading…)', false, false],
    ],
  );
  assert.deepEqual(labels(menu.items), ['Server running', 'http://127.0.0.1:9642', '—', 'Models', '—', 'Open Hearth', 'Copy API URL', 'Quit Hearth']);
  assert.equal(menu.tooltip, 'Hearth — http://127.0.0.1:9642 — 1 loaded');
});

test('a stopped server shows why, keeps Open and Quit, and offers no URL to copy', () => {
  const menu = trayMenu({ state: 'error', url: null, error: 'The server stopped: out of memory', needsApiKey: false }, []);
  assert.deepEqual(labels(menu.items), ['Server not running', 'The server stopped: out of memory', '—', 'Models', '—', 'Open Hearth', 'Quit Hearth']);
  assert.equal(menu.tooltip, 'Hearth — Server not running');
});
