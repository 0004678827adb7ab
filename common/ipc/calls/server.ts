import { z } from 'zod';

export const accessRole = z.enum(['admin', 'user']);
export type AccessRole = z.infer<typeof accessRole>;

/** Where the server stands, pushed to the renderer whenever it changes. */
export const serverStatus = z.object({
  state: z.enum(['starting', 'running', 'stopped', 'error']),
  /** Base URL other apps use, e.g. http://127.0.0.1:9642; null until it listens. */
  url: z.string().nullable(),
  /** Why the server is not running, in words a user can act on. */
  error: z.string().optional(),
  /** True when the server refused our requests for want of a valid API key (web UI only). */
  needsApiKey: z.boolean(),
  /** What our credential may do: 'user' gets read-only screens. Absent until the server answered. */
  role: accessRole.optional(),
  /** Set while a crashed server waits to be started again: which try comes next, and when (ms since the epoch). */
  restart: z.object({ attempt: z.number().int(), at: z.number() }).optional(),
});
export type ServerStatus = z.infer<typeof serverStatus>;

/** What the first-run key prompt shows: the command that makes an admin key for this very server. */
export const serverSetup = z.object({
  /** e.g. `npm run hearth -- keys create --alias web-ui --role admin --data-dir /srv/hearth`. */
  keyCommand: z.string(),
  /** The server's data folder, when the asker may know it (a loopback client). */
  dataDir: z.string().nullable(),
});
export type ServerSetup = z.infer<typeof serverSetup>;

/** What this machine offers models, for picks "sized to this machine". */
export const machineInfo = z.object({
  memoryTotalBytes: z.number(),
  memoryFreeBytes: z.number(),
  cpuCores: z.number(),
  /** The GPU llama.cpp uses, null on the CPU only. */
  gpu: z.object({ backend: z.string(), devices: z.array(z.string()), vramTotalBytes: z.number(), vramFreeBytes: z.number() }).nullable(),
});
export type MachineInfo = z.infer<typeof machineInfo>;

const none = z.object({}).strict();

export const serverCalls = {
  'server:getStatus': { input: none, output: serverStatus },
  'server:getSetup': { input: none, output: serverSetup },
  'server:getMachine': { input: none, output: machineInfo },
  /** Stops and starts the server process (desktop app only; the web UI can't restart what serves it). */
  'server:restart': { input: none, output: serverStatus },
} as const;
