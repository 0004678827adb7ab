import type { TestContext } from 'node:test';
import { connectIpc } from '../renderer/ipc/client.js';
import type { KeyStorage } from '../renderer/ipc/transport.js';
import { webTransport } from '../renderer/ipc/webTransport.js';

/**
 * Connects the renderer's stores to a real server the way the web UI does (the HTTP calls and the event
 * feed), with the key kept in memory instead of localStorage. Disconnected when the test ends.
 */
export function connectStores(t: TestContext, url: string, key: string | null = null): KeyStorage {
  let saved = key;
  const keys: KeyStorage = { get: () => saved, set: (next) => void (saved = next) };
  const disconnect = connectIpc(webTransport({ baseUrl: url, keys }));
  t.after(disconnect);
  return keys;
}

/** Waits until `check` holds (a store updated by an event), or fails naming what it waited for. */
export async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
