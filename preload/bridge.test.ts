import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createBridge, type IpcRendererLike } from './bridge.js';

/** Stands in for Electron's ipcRenderer, recording what reaches it; the filter in front of it is under test. */
class RecordingIpcRenderer extends EventEmitter implements IpcRendererLike {
  invoked: { channel: string; args: unknown[] }[] = [];
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return { ok: true, value: 'answer' };
  }
}

test('calls in the contract reach ipcRenderer.invoke with their input', async () => {
  const ipc = new RecordingIpcRenderer();
  const bridge = createBridge(ipc);
  assert.deepEqual(await bridge.call('models:load', { id: 'm' }), { ok: true, value: 'answer' });
  assert.deepEqual(ipc.invoked, [{ channel: 'models:load', args: [{ id: 'm' }] }]);
});

test('calls outside the contract are refused and never reach ipcRenderer', async () => {
  const ipc = new RecordingIpcRenderer();
  const bridge = createBridge(ipc);
  for (const name of ['shell:openExternal', 'models:list ', '__proto__', 'toString', 'hasOwnProperty', '']) {
    await assert.rejects(bridge.call(name as 'models:list', {}), /Unknown IPC call/, name);
  }
  assert.deepEqual(ipc.invoked, []);
});

test('events outside the contract are refused; contract events deliver only the payload', () => {
  const ipc = new RecordingIpcRenderer();
  const bridge = createBridge(ipc);
  assert.throws(() => bridge.on('ELECTRON_BROWSER_REQUIRE' as 'chat:onDidStream', () => {}), /Unknown IPC event/);
  assert.equal(ipc.listenerCount('ELECTRON_BROWSER_REQUIRE'), 0);

  const received: unknown[][] = [];
  const unsubscribe = bridge.on('chat:onDidStream', (...args) => received.push(args));
  const senderEvent = { sender: ipc };
  ipc.emit('chat:onDidStream', senderEvent, { requestId: 'r', delta: 'hi' });
  assert.deepEqual(received, [[{ requestId: 'r', delta: 'hi' }]]);
  unsubscribe();
  ipc.emit('chat:onDidStream', senderEvent, { requestId: 'r', delta: 'again' });
  assert.equal(received.length, 1);
  assert.equal(ipc.listenerCount('chat:onDidStream'), 0);
});
