import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Asks a Node process's inspector (its WebSocket URL) for a full GC, as DevTools' "collect garbage" button does. */
const script = `
const socket = new WebSocket(process.argv[1]);
socket.onopen = () => socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
socket.onmessage = (event) => {
  const reply = JSON.parse(event.data);
  if (reply.id !== 1) return;
  if (reply.error) throw new Error(reply.error.message);
  socket.close();
};
socket.onerror = (event) => { throw new Error('inspector: ' + event.message); };
`;

/**
 * Node 20 has WebSocket only behind --experimental-websocket (later versions by default), and the test
 * runner starts without it, so the request goes from a short-lived node that has it.
 */
export async function collectGarbage(inspectorUrl: string): Promise<void> {
  const flags = typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : [];
  await promisify(execFile)(process.execPath, [...flags, '-e', script, inspectorUrl], { timeout: 30_000 });
}
