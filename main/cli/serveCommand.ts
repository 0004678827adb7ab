import path from 'node:path';
import { parseArgs } from 'node:util';
import { appDataDir } from '../config/appDataDir.js';
import { overridesFromEnv } from '../config/overridesFromEnv.js';
import { createServices } from '../services.js';
import { listen } from '../serve.js';
import { firstKeyHint } from '../keys/bindingPolicy.js';
import { keyCreateCommand } from '../keys/keyCommand.js';
import { connectToShell } from '../shell/ShellClient.js';
import { SafeStorageSecretStore } from '../bindings/SafeStorageSecretStore.js';

export const serveUsage = `Usage: npm run serve -- [--host H] [--port N] [--models-dir DIR] [--data-dir DIR] [--model ID ...] [--no-auth]`;

/** `hearth serve`: the whole server without Electron. */
export async function serveCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'models-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      model: { type: 'string', multiple: true },
      'no-auth': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(serveUsage);
    return;
  }
  const { dataDir: envDataDir, modelsDir: envModelsDir, ...envOverrides } = overridesFromEnv();
  const dataDir = path.resolve(values['data-dir'] ?? envDataDir ?? appDataDir());
  const modelsDir = path.resolve(values['models-dir'] ?? envModelsDir ?? path.join(dataDir, 'models'));
  const overrides = { ...envOverrides };
  if (values.host) overrides.host = values.host;
  if (values.port) overrides.port = Number(values.port);
  if (values.model) overrides.preloadModels = values.model;
  if (values['no-auth']) overrides.requireApiKeys = false;

  // The desktop shell passes its per-run credential in the environment, never on the command line (ps shows that).
  // Under the desktop app, bindings' keys are encrypted by the system keyring, through the shell (main/index.ts).
  const shell = connectToShell();
  const bindingSecrets = shell ? await SafeStorageSecretStore.open(dataDir, shell.encryption) : undefined;
  const services = await createServices({ dataDir, modelsDir, overrides, shellToken: process.env.HEARTH_SHELL_TOKEN, bindingSecrets });
  const running = await listen(services);
  services.logger.info({ url: running.url, modelsDir, dataDir }, 'listening');
  // A plain line on stdout for people and for tests that start the server as a process.
  console.log(`Hearth listening on ${running.url}`);
  if (services.settings.get().requireApiKeys && !services.keys.hasActiveKeys()) console.log(firstKeyHint(keyCreateCommand({ dataDir, alias: 'my-app', role: 'admin' })));
  void services.engine.warmUp(services.settings.get().preloadModels);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info({ signal }, 'stopping');
    await running.close();
    await services.dispose();
    process.exit(0);
  };
  // `on`, not `once`: a terminal's Ctrl-C reaches the server and its launcher, which passes it on too, and a
  // second signal with no listener left would kill the server in the middle of stopping.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Node ignores SIGXFSZ, so a write past a file-size limit (`ulimit -f`, systemd's LimitFSIZE) fails with
  // EFBIG and the download or ingest job fails with that reason, as on a full disk. proper-lockfile's
  // signal-exit undoes that: when no one else listens, it sends the signal again and the process dies.
  if (process.platform !== 'win32') process.on('SIGXFSZ', () => {});
}
