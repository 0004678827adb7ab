import { HearthError, NotSupportedError } from '../../errors.js';
import type { LocalLabSystemInfo } from '../../api/locallab.js';
import type { AccessRole, ServerStatus } from '../calls/server.js';
import type { IpcHandlers } from '../contract.js';
import type { HttpClient } from './request.js';

/** Where the web UI reads the key command for the server that served it (main/server/webui). */
export const setupPath = '/webui/setup.json';

/** Asks the server whether it answers and what our key may do, in as few requests as that takes. */
export async function probeServer(client: HttpClient): Promise<ServerStatus> {
  const url = client.baseUrl();
  try {
    await client.send('/health');
  } catch (error) {
    return { state: 'error', url, error: error instanceof HearthError ? error.message : `Hearth does not answer at ${url}.`, needsApiKey: false };
  }
  // /health needs no key; an admin route tells both whether our key is accepted and whether it is an admin's.
  const role = await client.send('/v1/admin/requests?limit=1').then(
    (response): AccessRole | 'none' | undefined => {
      void response.body?.cancel();
      return 'admin';
    },
    (error: unknown) => (error instanceof HearthError ? (error.status === 401 ? 'none' : error.status === 403 ? 'user' : undefined) : undefined),
  );
  if (role === 'none') return { state: 'running', url, needsApiKey: true };
  return role === undefined ? { state: 'running', url, needsApiKey: false } : { state: 'running', url, needsApiKey: false, role };
}

export function serverHttpCalls(client: HttpClient): Pick<IpcHandlers, 'server:getStatus' | 'server:getSetup' | 'server:getMachine' | 'server:restart'> {
  return {
    'server:getStatus': () => probeServer(client),
    'server:getSetup': () => client.json(setupPath),
    async 'server:getMachine'() {
      const info = await client.json<LocalLabSystemInfo>('/system/info');
      const gpu = info.gpu && { backend: info.gpu.backend, devices: info.gpu.devices, vramTotalBytes: info.gpu.vram_total_bytes, vramFreeBytes: info.gpu.vram_free_bytes };
      return { memoryTotalBytes: info.memory.total_bytes, memoryFreeBytes: info.memory.free_bytes, cpuCores: info.cpu.cores, gpu };
    },
    async 'server:restart'() {
      throw new NotSupportedError("The web UI can't restart the server that serves it: stop `npm run serve` where it runs and start it again.", { code: 'restart_not_supported' });
    },
  };
}
