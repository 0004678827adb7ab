import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelSummary } from '../../../common/ipc/contract.js';
import { paletteCommands, type PaletteContext } from './commands.js';

const model = (id: string, state: ModelSummary['state']): ModelSummary => ({ id, aliases: [`${id}-alias`], sizeBytes: 1, modifiedAt: 0, state });

function context(overrides: Partial<PaletteContext> = {}) {
  const done: string[] = [];
  const base: PaletteContext = {
    screens: [
      { path: '/chat', label: 'Chat' },
      { path: '/models', label: 'Models' },
    ],
    models: [model('a', 'loaded'), model('b', 'unloaded'), model('c', 'loading')],
    mayChange: true,
    serverUrl: 'http://127.0.0.1:9642',
    navigate: (path) => done.push(`navigate ${path}`),
    load: (id) => done.push(`load ${id}`),
    unload: (id) => done.push(`unload ${id}`),
    copy: (text) => done.push(`copy ${text}`),
    openKeyDialog: () => done.push('key dialog'),
  };
  return { context: { ...base, ...overrides }, done };
}

test('screens, models and the server each give their commands', async () => {
  const { context: ctx, done } = context();
  const commands = paletteCommands(ctx);
  assert.deepEqual(
    commands.map((command) => command.label),
    ['Chat', 'Models', 'Open a', 'Unload a', 'Open b', 'Load b', 'Open c', 'Copy API URL (http://127.0.0.1:9642/v1)', 'Change the API key this window uses'],
  );
  for (const command of commands) await command.run();
  assert.deepEqual(done, ['navigate /chat', 'navigate /models', 'navigate /models/a', 'unload a', 'navigate /models/b', 'load b', 'navigate /models/c', 'copy http://127.0.0.1:9642/v1', 'key dialog']);
});

test('a key that may not change anything gets no load or unload, and no URL without a server', () => {
  const { context: ctx } = context({ mayChange: false, serverUrl: null });
  const labels = paletteCommands(ctx).map((command) => command.label);
  assert.ok(!labels.some((label) => /^(Load|Unload) /.test(label)), labels.join(', '));
  assert.ok(!labels.some((label) => label.startsWith('Copy API URL')));
});

test('a model id with a slash is encoded in its details URL', async () => {
  const { context: ctx, done } = context({ models: [model('org/name', 'unloaded')], mayChange: false });
  await paletteCommands(ctx).find((command) => command.id === 'open:org/name')!.run();
  assert.deepEqual(done, ['navigate /models/org%2Fname']);
});

test('typed words must all appear; a label that starts with the first word ranks first', async () => {
  const { matchCommand } = await import('./commands.js');
  assert.equal(matchCommand('sett', 'Settings'), 1);
  assert.equal(matchCommand('sett', 'Load stories260K-chatml', ['stories-alias']), 0, 'scattered letters do not match');
  assert.equal(matchCommand('load chatml', 'Load stories260K-chatml'), 1);
  assert.equal(matchCommand('chatml', 'Load stories260K-chatml'), 0.5);
  assert.equal(matchCommand('story', 'Open b', ['story-alias']), 0.5, 'keywords count');
  assert.equal(matchCommand('  ', 'Anything'), 1);
});
