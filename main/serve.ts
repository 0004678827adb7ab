import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { createServerApp } from './server/app.js';
import type { Services } from './services.js';
import { assertSafeBinding } from './keys/bindingPolicy.js';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:9642 */
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

/** Listens with the app over the given services; port 0 picks a free port. */
export async function listen(services: Services): Promise<RunningServer> {
  const { host, port } = services.settings.get();
  assertSafeBinding(services.settings.get());
  const app = createServerApp(services);
  const server = http.createServer(app.callback());
  // Generation can take minutes before the first byte on slow machines; don't cut it off.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new Error(`Port ${port} is already in use on ${host}, by another Hearth or another program. Stop it, or start Hearth with --port to pick another port.`));
      } else if (error.code === 'EACCES') {
        reject(new Error(`Hearth may not listen on port ${port} of ${host}; ports below 1024 need special rights. Use --port with a higher port.`));
      } else reject(error);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
