import { HearthError } from '../../common/errors.js';
import { toIpcError } from '../../common/ipc/ipcError.js';
import { ipcCalls, isIpcCallName, type IpcCallContext, type IpcCallName, type IpcHandlers, type IpcResult } from '../../common/ipc/contract.js';
import type { Logger } from '../log.js';

/** Throws at start-up when a call of the contract has no handler, naming the missing ones. */
export function assertAllCallsHandled(handlers: Partial<IpcHandlers>): asserts handlers is IpcHandlers {
  const missing = (Object.keys(ipcCalls) as IpcCallName[]).filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) throw new Error(`IPC calls without a handler: ${missing.join(', ')}`);
}

export type IpcDispatcher = (name: unknown, input: unknown, context: IpcCallContext) => Promise<IpcResult<unknown>>;

/**
 * Validates a call's name and input against the contract, runs its handler and turns the outcome into an
 * IpcResult. The page reaches main through this alone (one channel), so it is where unknown names stop.
 * Kept free of Electron so it runs under plain Node tests.
 */
export function createIpcDispatcher(handlers: IpcHandlers, logger?: Logger): IpcDispatcher {
  return async (name, rawInput, context) => {
    if (!isIpcCallName(name)) return { ok: false, error: { code: 'unknown_call', message: `'${String(name)}' is not an IPC call.`, status: 404 } };
    const schema = ipcCalls[name];
    const input = schema.input.safeParse(rawInput);
    if (!input.success) return { ok: false, error: toIpcError(input.error) };
    try {
      const handler = handlers[name] as (input: unknown, context: IpcCallContext) => Promise<unknown>;
      const value = await handler(input.data, context);
      // Checking output catches a server whose answers drifted from the contract.
      const output = schema.output.safeParse(value);
      if (output.success) return { ok: true, value: output.data };
      logger?.error({ call: name, issues: output.error.issues }, 'IPC handler answered outside the contract');
      return { ok: false, error: { code: 'invalid_output', message: `Hearth got an unexpected answer for '${name}'; the log has the details.`, status: 502 } };
    } catch (error) {
      if (!(error instanceof HearthError)) logger?.error({ err: error, call: name }, 'IPC handler failed');
      return { ok: false, error: toIpcError(error) };
    }
  };
}
