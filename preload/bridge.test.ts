import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { ipcCallChannel, ipcEventChannel } from '../common/ipc/channels.js';
import { createBridge, type IpcRendererLike } from './bridge.js';

/** Stands in for Electron's ipcRenderer, recording what reaches it; the filter in front of it is under test. */
class RecordingIpcRenderer extends EventEmitter implements IpcRendererLike {
  invoked: { channel: string; args: unknown[] }[] = [];
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return { ok: true, value: 'answer' };
  }
}

test('calls travel on the one call channel, the name beside the input', async () => {
  const ipc = new RecordingIpcRenderer();
  const bridge = createBridge(ipc);
  assert.deepEqual(await bridge.call('models:load', { id: 'm' }), { ok: true, value: 'answer' });
  assert.deepEqual(ipc.invoked, [{ channel: ipcCallChannel, args: ['models:load', { id: 'm' }] }]);
});

test('names that cannot be calls are refused before reaching ipcRenderer; main checks the rest against the contract', async () => {
  const ipc = new RecordingIpcRenderer();
  const bridge = createBridge(ipc);
  for (const name of ['models:list ', '__proto__', 'toString', '', 'ELECTRON_BROWSER_REQUIRE', 42]) {
    await assert.rejects(bridge.call(name as 'models:list', {}), /Unknown IPC call/, String(name));
  }
  assert.deepEqual(ipc.invoked, []);
});

test('a listener gets only its own event, and only the payload', () => {
  const ipc = new RecordingIpcRenderer();
  const bridge = createBridge(ipc);
  assert.throws(() => bridge.on('ELECTRON_BROWSER_REQUIRE' as 'chat:onDidStream', () => {}), /Unknown IPC event/);
  const received: unknown[][] = [];
  const unsubscribe = bridge.on('chat:onDidStream', (...args) => received.push(args));
  const senderEvent = { sender: ipc };
  ipc.emit(ipcEventChannel, senderEvent, 'chat:onDidStream', { requestId: 'r', delta: 'hi' });
  ipc.emit(ipcEventChannel, senderEvent, 'models:onDidChange', { models: [], evicted: [] });
  assert.deepEqual(received, [[{ requestId: 'r', delta: 'hi' }]]);
  unsubscribe();
  ipc.emit(ipcEventChannel, senderEvent, 'chat:onDidStream', { requestId: 'r', delta: 'again' });
  assert.equal(received.length, 1);
  assert.equal(ipc.listenerCount(ipcEventChannel), 0);
});
