import type { Engine } from '../main/engine/Engine.js';

type NativeCall = (...args: never[]) => unknown;

/** node-llama-cpp's context of a loaded model, with the internals the engine tests watch. */
export interface WatchedContext {
  _ctx: Record<string, NativeCall>;
  _decodeTokens: (...args: unknown[]) => Promise<unknown>;
}

/** The node-llama-cpp context the engine holds for a loaded model; node-llama-cpp keeps what the tests watch internal. */
export function loadedContext(engine: Engine, model: string): WatchedContext {
  return (engine as unknown as { scheduler: { get(id: string): { context: WatchedContext } } }).scheduler.get(model).context;
}

/**
 * Calls `listener` with the arguments of every call to the named methods of the context's native
 * (addon) object, before the call itself; returns a function that stops watching.
 */
export function watchNativeCalls(context: WatchedContext, listeners: Record<string, (...args: never[]) => void>): () => void {
  const native = context._ctx;
  context._ctx = new Proxy(native, {
    get(target, key) {
      const value = target[key as string];
      if (typeof value !== 'function') return value;
      const listener = listeners[key as string];
      if (!listener) return value.bind(target);
      return (...args: never[]) => {
        listener(...args);
        return value.apply(target, args);
      };
    },
  });
  return () => {
    context._ctx = native;
  };
}
