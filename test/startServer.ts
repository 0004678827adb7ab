import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HearthSettings } from '../common/settings.js';
import { createServices, type Services } from '../main/services.js';
import { listen } from '../main/serve.js';
import { createLogger } from '../main/log.js';
import { testModelPath, type TestModelId } from './testModels.js';

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  services: Services;
  dataDir: string;
  modelsDir: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Where to listen; 127.0.0.1 unless a test is about listening beyond loopback. */
  host?: string;
  /** Test models linked into a fresh models dir. */
  models?: TestModelId[];
  settings?: Partial<HearthSettings>;
  /** Reuse a data dir (to test restarts); a fresh temporary one otherwise. */
  dataDir?: string;
  modelsDir?: string;
  /** As the desktop shell passes HEARTH_SHELL_TOKEN. */
  shellToken?: string;
}

/**
 * Starts the real server in this process on 127.0.0.1 (or options.host), port 0, with its own data
 * dir and a models dir holding links to the chosen test models.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const tempRoot = await mkdtemp(path.join(os.tmpdir(), 'hearth-test-'));
  const dataDir = options.dataDir ?? path.join(tempRoot, 'data');
  const modelsDir = options.modelsDir ?? path.join(tempRoot, 'models');
  // Test settings are saved settings, not run-only overrides, so a test can still change them with settings.update().
  await mkdir(dataDir, { recursive: true });
  const settingsFile = path.join(dataDir, 'settings.json');
  const saved = JSON.parse(await readFile(settingsFile, 'utf8').catch(() => '{}'));
  await writeFile(settingsFile, JSON.stringify({ gpu: false, requireApiKeys: false, ...saved, ...options.settings }));
  // The models are in place before the services open, as on a real start: jobs resumed at open look them up.
  await mkdir(modelsDir, { recursive: true });
  for (const id of options.models ?? []) {
    await symlink(testModelPath(id), path.join(modelsDir, `${id}.gguf`));
  }
  const services = await createServices({
    dataDir,
    modelsDir,
    logger: createLogger(process.env.HEARTH_TEST_LOG ?? 'silent'),
    overrides: { host: options.host ?? '127.0.0.1', port: 0 },
    shellToken: options.shellToken,
  });
  const running = await listen(services);
  return {
    url: running.url,
    services,
    dataDir,
    modelsDir,
    async close() {
      await running.close();
      await services.dispose();
      await rm(tempRoot, { recursive: true, force: true });
    },
  };
}
