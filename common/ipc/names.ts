/**
 * The names of the IPC calls and events, without their schemas, so the preload
 * can check names without bundling zod. contract.ts checks they match the contract.
 */
export const ipcCallNames = ['server:getStatus', 'models:list', 'models:load', 'models:unload', 'chat:send', 'chat:cancel'] as const;
export const ipcEventNames = ['server:onDidChangeStatus', 'chat:onDidStream'] as const;

export function isIpcCallName(name: unknown): name is (typeof ipcCallNames)[number] {
  return typeof name === 'string' && (ipcCallNames as readonly string[]).includes(name);
}

export function isIpcEventName(name: unknown): name is (typeof ipcEventNames)[number] {
  return typeof name === 'string' && (ipcEventNames as readonly string[]).includes(name);
}
