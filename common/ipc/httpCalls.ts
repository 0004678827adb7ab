import type { IpcHandlers } from './contract.js';
import { assistantsHttpCalls } from './http/assistants.js';
import { audioHttpCalls } from './http/audio.js';
import { bindingsHttpCalls } from './http/bindings.js';
import { chatHttpCalls } from './http/chat.js';
import { conversationsHttpCalls } from './http/conversations.js';
import { keysHttpCalls } from './http/keys.js';
import { libraryHttpCalls } from './http/library.js';
import { modelsHttpCalls } from './http/models.js';
import { ragHttpCalls } from './http/rag.js';
import { createHttpClient, type HttpCallsOptions } from './http/request.js';
import { serverHttpCalls } from './http/server.js';
import { statsHttpCalls } from './http/stats.js';

export type { HttpCallsOptions } from './http/request.js';
export { toModelSummary } from './http/models.js';

/**
 * The IPC contract carried over the server's HTTP routes. The web UI calls these
 * directly; the Electron shell's handlers call the same ones against its server
 * process, so both UIs speak to one implementation.
 */
export function createHttpCalls(options: HttpCallsOptions): IpcHandlers {
  const client = createHttpClient(options);
  return {
    ...serverHttpCalls(client),
    ...modelsHttpCalls(client),
    ...libraryHttpCalls(client),
    ...keysHttpCalls(client),
    ...statsHttpCalls(client),
    ...ragHttpCalls(client),
    ...chatHttpCalls(client),
    ...conversationsHttpCalls(client),
    ...assistantsHttpCalls(client),
    ...bindingsHttpCalls(client),
    ...audioHttpCalls(client),
  };
}
