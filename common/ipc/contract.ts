import { z } from 'zod';
import { modelState } from '../models.js';
import { ipcCallNames, ipcEventNames } from './names.js';

export { ipcEventNames, isIpcCallName, isIpcEventName } from './names.js';

/** Where the server process stands, pushed to the renderer whenever it changes. */
export const serverStatus = z.object({
  state: z.enum(['starting', 'running', 'stopped', 'error']),
  /** Base URL other apps use, e.g. http://127.0.0.1:9642; null until it listens. */
  url: z.string().nullable(),
  /** Why the server is not running, in words a user can act on. */
  error: z.string().optional(),
  /** True when the server refused our requests for want of an API key (web UI only). */
  needsApiKey: z.boolean(),
});
export type ServerStatus = z.infer<typeof serverStatus>;

/** A model as the UI lists it: on disk, maybe loaded. */
export const modelSummary = z.object({
  id: z.string(),
  state: modelState,
  ownedBy: z.string().optional(),
});
export type ModelSummary = z.infer<typeof modelSummary>;

export const chatTurn = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatTurn = z.infer<typeof chatTurn>;

const modelId = z.object({ id: z.string().min(1).max(512) });
const requestId = z.string().min(1).max(128);

/** Every call the renderer may make; main validates input with these schemas, the client types results with them. */
export const ipcCalls = {
  'server:getStatus': { input: z.object({}).strict(), output: serverStatus },
  'models:list': { input: z.object({}).strict(), output: z.array(modelSummary) },
  'models:load': { input: modelId.strict(), output: z.object({}) },
  'models:unload': { input: modelId.strict(), output: z.object({}) },
  /** Streams the reply as `chat:onDidStream` events tagged with requestId; resolves with the whole reply. */
  'chat:send': {
    input: z
      .object({
        requestId,
        model: z.string().min(1).max(512),
        messages: z.array(chatTurn).min(1).max(1000),
        temperature: z.number().min(0).max(2).optional(),
        maxTokens: z.number().int().min(1).max(1_000_000).optional(),
      })
      .strict(),
    output: z.object({ text: z.string(), finishReason: z.string().nullable() }),
  },
  /** Stops a `chat:send` in flight; its promise then resolves with the text so far. */
  'chat:cancel': { input: z.object({ requestId }).strict(), output: z.object({ cancelled: z.boolean() }) },
} as const;

/** Events main pushes to the renderer. */
export type IpcEvents = {
  'server:onDidChangeStatus': ServerStatus;
  'chat:onDidStream': { requestId: string; delta: string };
};

// Compile-time: the name lists in names.ts and the contract hold exactly the same names.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const callNamesMatch: Same<(typeof ipcCallNames)[number], keyof typeof ipcCalls> = true;
const eventNamesMatch: Same<(typeof ipcEventNames)[number], keyof IpcEvents> = true;
void callNamesMatch;
void eventNamesMatch;

export type IpcCalls = typeof ipcCalls;
export type IpcCallName = keyof IpcCalls;
export type IpcEventName = keyof IpcEvents;
export type IpcInput<N extends IpcCallName> = z.input<IpcCalls[N]['input']>;
export type IpcOutput<N extends IpcCallName> = z.output<IpcCalls[N]['output']>;
/** Input after the schema parsed it, as handlers receive it. */
export type IpcParsedInput<N extends IpcCallName> = z.output<IpcCalls[N]['input']>;

/** What a handler may do besides returning: push events to the window that called it. */
export interface IpcCallContext {
  emit<E extends IpcEventName>(event: E, payload: IpcEvents[E]): void;
}
export type IpcHandler<N extends IpcCallName> = (input: IpcParsedInput<N>, context: IpcCallContext) => Promise<IpcOutput<N>>;
/** One handler per call; a missing name fails to compile where the full map is required. */
export type IpcHandlers = { [N in IpcCallName]: IpcHandler<N> };

/** What crosses the bridge for every call: Electron keeps only an error's message, so failures travel as data. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** What the preload exposes as `window.hearth`: the contract's calls and events, nothing else. */
export interface HearthBridge {
  call<N extends IpcCallName>(name: N, input: IpcInput<N>): Promise<IpcResult<IpcOutput<N>>>;
  /** Returns a function that unsubscribes. */
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
}
