import type { z } from 'zod';
import { assistantsCalls } from './calls/assistants.js';
import { audioCalls } from './calls/audio.js';
import { bindingsCalls } from './calls/bindings.js';
import { chatCalls } from './calls/chat.js';
import { conversationsCalls } from './calls/conversations.js';
import { keysCalls } from './calls/keys.js';
import { libraryCalls } from './calls/library.js';
import { modelsCalls } from './calls/models.js';
import { ragCalls } from './calls/rag.js';
import { serverCalls } from './calls/server.js';
import { settingsCalls } from './calls/settings.js';
import { statsCalls } from './calls/stats.js';
import type { IpcEventName, IpcEvents } from './events.js';

export { ipcEvents, isIpcEventName, type IpcEventName, type IpcEvents } from './events.js';
export { serverStatus, type ServerStatus, type ServerSetup, type AccessRole, type MachineInfo } from './calls/server.js';
export { modelSummary, type ModelSummary, type ModelSettingsView } from './calls/models.js';
export { chatTurn, type ChatTurn } from './calls/chat.js';
export type { SettingsView, SettingsPatch } from './calls/settings.js';

/**
 * Every call the renderer may make, by domain, each with its input and output schema: main validates
 * input with them, the client types results with them. Adding a call is an entry in calls/<domain>.ts
 * and its handler in http/<domain>.ts; the names, the preload and both transports follow from here.
 */
export const ipcCalls = {
  ...serverCalls,
  ...modelsCalls,
  ...libraryCalls,
  ...keysCalls,
  ...statsCalls,
  ...settingsCalls,
  ...ragCalls,
  ...chatCalls,
  ...conversationsCalls,
  ...assistantsCalls,
  ...bindingsCalls,
  ...audioCalls,
} as const;

export type IpcCalls = typeof ipcCalls;
export type IpcCallName = keyof IpcCalls;
export type IpcInput<N extends IpcCallName> = z.input<IpcCalls[N]['input']>;
export type IpcOutput<N extends IpcCallName> = z.output<IpcCalls[N]['output']>;
/** Input after the schema parsed it (defaults filled in), as handlers receive it. */
export type IpcParsedInput<N extends IpcCallName> = z.output<IpcCalls[N]['input']>;

/** Own keys only: `toString` or `__proto__` must never pass for a call. */
export function isIpcCallName(name: unknown): name is IpcCallName {
  return typeof name === 'string' && Object.hasOwn(ipcCalls, name);
}

/** What a handler may do besides returning: push events to the window that called it. */
export interface IpcCallContext {
  emit<E extends IpcEventName>(event: E, payload: IpcEvents[E]): void;
}
export type IpcHandler<N extends IpcCallName> = (input: IpcParsedInput<N>, context: IpcCallContext) => Promise<IpcOutput<N>>;
/** One handler per call; a missing name fails to compile where the full map is required. */
export type IpcHandlers = { [N in IpcCallName]: IpcHandler<N> };

/** A failure as it crosses the bridge: Electron keeps only an error's message, so it travels as data. */
export interface IpcErrorData {
  code: string;
  message: string;
  /** The HTTP status the failure has (or would have) on the server's routes, so both UIs tell a 429 from a 503. */
  status: number;
  /** Seconds to wait before trying again (429, 503). */
  retryAfter?: number;
}

/** What crosses the bridge for every call. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcErrorData };

export { ipcCallChannel, ipcEventChannel } from './channels.js';

/** What the preload exposes as `window.hearth`: the contract's calls and events, nothing else. */
export interface HearthBridge {
  call<N extends IpcCallName>(name: N, input: IpcInput<N>): Promise<IpcResult<IpcOutput<N>>>;
  /** Returns a function that unsubscribes. */
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
}
