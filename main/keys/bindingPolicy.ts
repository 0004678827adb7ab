import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Whether an IP address only accepts connections from this machine: 127.0.0.0/8, ::1, or IPv4-mapped 127.x. */
export function isLoopbackAddress(address: string): boolean {
  const ip = address.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (isIP(ip) === 4) return ip.startsWith('127.');
  if (isIP(ip) === 6) return ip === '::1' || /^::ffff:127\./.test(ip);
  return false;
}

/** Every address a name resolves to, as listen() would look it up. */
export type ResolveHost = (host: string) => Promise<Array<{ address: string }>>;

const resolveAll: ResolveHost = (host) => lookup(host, { all: true });

/**
 * Whether listening on `host` reaches this machine only, judged on the addresses it resolves to, not
 * its name: a `localhost` that a hosts file or resolver sends elsewhere is not loopback. A name that
 * doesn't resolve, or an empty host (every interface), is not loopback either.
 */
export async function resolvesToLoopback(host: string, resolve: ResolveHost = resolveAll): Promise<boolean> {
  const name = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (name === '') return false;
  if (isIP(name) !== 0) return isLoopbackAddress(name);
  const addresses = await resolve(name).catch(() => []);
  return addresses.length > 0 && addresses.every((entry) => isLoopbackAddress(entry.address));
}

/** What the server judged, once, about where it listens; read by every request, never recomputed from settings. */
export interface BindingJudgement {
  /** True only when the bound address (and every address its host resolves to) is loopback. */
  loopbackOnly: boolean;
}

/**
 * Refuses to serve beyond loopback with keys off: that would hand every model
 * to anyone on the network, as happened to about 175,000 open Ollama servers.
 */
export function assertSafeBinding(settings: { host: string; requireApiKeys: boolean }, binding: BindingJudgement): void {
  if (settings.requireApiKeys || binding.loopbackOnly) return;
  throw new Error(
    `Refusing to listen on ${settings.host} with API keys turned off: anyone who can reach this machine could use it. ` +
      `Turn keys on (drop --no-auth / HEARTH_REQUIRE_API_KEYS=0) or listen on 127.0.0.1.`,
  );
}

/**
 * Whether requests need a key now. Keys off is honoured only on loopback: a server that listens beyond
 * it keeps requiring keys even if the setting is turned off while it runs (the start-up check above
 * can't see a change made later, from the UI or the settings file). Where it listens is the judgement
 * made at listen: a `host` changed in the settings later doesn't move the socket, so it can't count.
 */
export function keysRequired(settings: { requireApiKeys: boolean }, binding: BindingJudgement): boolean {
  return settings.requireApiKeys || !binding.loopbackOnly;
}

/** Printed at start when keys are required and none exists yet, so the first client isn't met by a bare 401. */
export function firstKeyHint(createCommand = 'npm run hearth -- keys create --alias my-app'): string {
  return [
    'API keys are required and none exists yet. Create one with:',
    `  ${createCommand}`,
    'then send it as "Authorization: Bearer <key>" (or start with --no-auth to turn keys off on this machine).',
  ].join('\n');
}
