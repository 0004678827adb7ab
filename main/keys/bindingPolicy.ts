import { isIP } from 'node:net';

/** Whether a listen address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || /^::ffff:127\./.test(name);
  return false;
}

/**
 * Refuses to serve beyond loopback with keys off: that would hand every model
 * to anyone on the network, as happened to about 175,000 open Ollama servers.
 */
export function assertSafeBinding(settings: { host: string; requireApiKeys: boolean }): void {
  if (settings.requireApiKeys || isLoopbackHost(settings.host)) return;
  throw new Error(
    `Refusing to listen on ${settings.host} with API keys turned off: anyone who can reach this machine could use it. ` +
      `Turn keys on (drop --no-auth / HEARTH_REQUIRE_API_KEYS=0) or listen on 127.0.0.1.`,
  );
}

/**
 * Whether requests need a key now. Keys off is honoured only on loopback: a server that listens beyond
 * it keeps requiring keys even if the setting is turned off while it runs (the start-up check above
 * can't see a change made later, from the UI or the settings file).
 */
export function keysRequired(settings: { host: string; requireApiKeys: boolean }): boolean {
  return settings.requireApiKeys || !isLoopbackHost(settings.host);
}

/** Printed at start when keys are required and none exists yet, so the first client isn't met by a bare 401. */
export function firstKeyHint(): string {
  return [
    'API keys are required and none exists yet. Create one with:',
    '  npm run hearth -- keys create --alias my-app',
    'then send it as "Authorization: Bearer <key>" (or start with --no-auth to turn keys off on this machine).',
  ].join('\n');
}
