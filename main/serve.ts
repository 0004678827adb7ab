import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { maxTimerSeconds, type HearthSettings } from '../common/settings.js';
import { createServerApp } from './server/app.js';
import type { Services } from './services.js';
import { assertSafeBinding, isLoopbackAddress, resolvesToLoopback, type BindingJudgement } from './keys/bindingPolicy.js';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:9642 */
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

/** Listens with the app over the given services; port 0 picks a free port. */
export async function listen(services: Services): Promise<RunningServer> {
  const settings = services.settings.get();
  const { host, port } = settings;
  // Judged once, on addresses rather than names; every request reads this judgement (keysRequired).
  const binding: BindingJudgement = { loopbackOnly: await resolvesToLoopback(host) };
  assertSafeBinding(settings, binding);
  const app = createServerApp(services, binding);
  const timeouts = connectionTimeouts(settings);
  // Node checks the header and request deadlines on this interval (30 s by default), so a deadline of a few
  // seconds needs a finer one to be kept.
  const server = http.createServer({ connectionsCheckingInterval: timeouts.checkIntervalMs }, app.callback());
  // requestTimeout bounds receiving the whole request (headers and body) and stops counting once it is in:
  // it never cuts a response being written, so a generation that takes minutes, streamed or not, runs on.
  server.requestTimeout = timeouts.requestMs;
  server.headersTimeout = timeouts.headersMs;
  // Ollama's Go server keeps idle connections open; Node's default of 5 s closes them under clients whose pool
  // still holds the socket, and a client whose event loop was busy then posts on a closed socket ("other side
  // closed"). A long timeout makes that race rare; Keep-Alive: timeout=… tells clients when it comes.
  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.maxConnections = settings.maxConnections;
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
  // listen() binds the first address a name resolves to, which may not be the one looked up a moment ago.
  binding.loopbackOnly &&= isLoopbackAddress(address.address);
  try {
    assertSafeBinding(settings, binding);
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
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

/** The connection deadlines from the settings, in ms, as node:http takes them. @internal */
export function connectionTimeouts(settings: Pick<HearthSettings, 'headersTimeoutSeconds' | 'requestBodyTimeoutSeconds' | 'idleSocketTimeoutSeconds'>) {
  const requestMs = Math.round(settings.requestBodyTimeoutSeconds * 1000);
  // Node wants the headers deadline no later than the whole request's.
  const headersMs = Math.min(Math.round(settings.headersTimeoutSeconds * 1000), requestMs);
  return {
    requestMs,
    headersMs,
    // A socket timer, so it must stay within setTimeout's reach or it fires at once.
    keepAliveMs: Math.round(Math.min(settings.idleSocketTimeoutSeconds, maxTimerSeconds) * 1000),
    // A quarter of the shorter deadline: it is kept to within 25%, without waking often for the defaults.
    checkIntervalMs: Math.max(100, Math.min(30_000, Math.round(headersMs / 4))),
  };
}
