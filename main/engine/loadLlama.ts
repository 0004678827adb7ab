import os from 'node:os';
import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import type { EngineHardware } from '../../common/models.js';
import type { HearthSettings } from '../../common/settings.js';
import type { Logger } from '../log.js';

// Harmless on every load of the stories test models; not worth a warning each time.
const noisyMessages = [/bad special token/];

/**
 * Loads the llama.cpp binding once per process. maxThreads caps the threads of
 * all contexts together at the machine's cores: node-llama-cpp's default (4 on a
 * 2-core machine) oversubscribes the busy-waiting ggml barrier and runs ~1000x slower.
 */
export async function loadLlama(settings: HearthSettings, logger: Logger): Promise<Llama> {
  const stockAddon = usesStockAddon();
  const llama = await getLlama({
    gpu: settings.gpu,
    maxThreads: os.availableParallelism(),
    logLevel: LlamaLogLevel.warn,
    logger(level, message) {
      const text = message.trim();
      if (!text) return;
      if (noisyMessages.some((re) => re.test(text))) return logger.debug({ llama: true }, text);
      if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) logger.error({ llama: true }, text);
      else if (level === LlamaLogLevel.warn) logger.warn({ llama: true }, text);
      else logger.debug({ llama: true }, text);
    },
    build: 'never',
    progressLogs: false,
    // node-llama-cpp looks for a local build in a folder named after the build's cmake options and
    // otherwise takes its prebuilt binary, so an option no build has makes it skip the rebuilt addon.
    ...(stockAddon ? { cmakeOptions: { HEARTH_STOCK_ADDON: 'ON' } } : {}),
  });
  const threadPool = threadPoolOf(llama);
  logger.info({ gpu: llama.gpu, maxThreads: llama.maxThreads, cores: os.availableParallelism(), binary: llama.buildType, threadPool }, 'llama.cpp ready');
  if (threadPool === 'per-decode' && llama.gpu === false && !stockAddon) {
    logger.warn('running the prebuilt llama.cpp addon, which starts new threads on every token; `node scripts/buildEngineAddon.mjs` (needs a C++ compiler) builds the faster one');
  }
  return llama;
}

/**
 * A local build is node-llama-cpp's addon compiled from its patched sources (scripts/buildEngineAddon.mjs,
 * or node-llama-cpp's own source build), which keeps one ggml thread pool per context; the prebuilt one does not.
 */
export function threadPoolOf(llama: Llama): EngineHardware['threadPool'] {
  return llama.buildType === 'localBuild' ? 'persistent' : 'per-decode';
}

/**
 * HEARTH_ENGINE_ADDON=prebuilt runs node-llama-cpp's own prebuilt addon even where the rebuilt one exists:
 * what macOS, Windows and GPU machines run, and what the `prebuilt` test tier checks.
 */
export function usesStockAddon(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.HEARTH_ENGINE_ADDON === 'prebuilt';
}
