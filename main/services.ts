import { mkdir } from 'node:fs/promises';
import { SettingsStore, type SettingsOverrides } from './config/SettingsStore.js';
import { createLogger, type Logger } from './log.js';
import { Engine } from './engine/Engine.js';

/** Everything the server and the desktop shell use; built and wired in this one place. */
export interface Services {
  settings: SettingsStore;
  logger: Logger;
  engine: Engine;
  dispose(): Promise<void>;
}

export interface ServicesOptions {
  dataDir: string;
  modelsDir: string;
  overrides?: SettingsOverrides;
  logger?: Logger;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  await mkdir(options.modelsDir, { recursive: true });
  const settings = await SettingsStore.open(options.dataDir, options.modelsDir, options.overrides);
  const logger = options.logger ?? createLogger(settings.get().logLevel);
  const engine = await Engine.create({ settings, logger: logger.child({ component: 'engine' }) });
  return {
    settings,
    logger,
    engine,
    async dispose() {
      await engine.dispose();
    },
  };
}
