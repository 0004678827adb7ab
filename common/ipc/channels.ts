/**
 * The one Electron channel calls travel on and the one events arrive on; a call's or event's name
 * travels as data beside its payload. The page can reach nothing else, and main checks every name
 * against the contract, so the preload needs no list of names (nor zod) of its own.
 */
export const ipcCallChannel = 'hearth:call';
export const ipcEventChannel = 'hearth:event';
