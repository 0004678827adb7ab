import os from 'node:os';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LlamaModel } from 'node-llama-cpp';
import type { EngineHardware } from '../../common/models.js';
import type { Logger } from '../log.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';
import type { ModelFile } from './ModelRegistry.js';

interface Measurement {
  threads: number;
  tokensPerSecond: number;
}

const probeTokens = 24;
const probeTimeLimitMs = 1500;

/**
 * Picks the evaluation thread count for a model by measuring it on this
 * machine instead of guessing: the fastest count differs by model size and by
 * how the binary creates its threads (docs/ENGINE.md). Each candidate decodes a
 * few tokens; a pathological one is cut off after a time limit. Results are
 * kept per model file, core count, libuv pool size and binary in the data dir.
 */
export class ThreadTuner {
  private cache: Record<string, Measurement[]> | null = null;

  constructor(
    private readonly dataDir: string,
    /** The binary's thread pool kind: the fastest count differs between them, so each has its own measurements. */
    private readonly threadPool: EngineHardware['threadPool'],
    private readonly logger: Logger,
  ) {}

  async threadsFor(model: LlamaModel, file: ModelFile): Promise<number> {
    const cores = os.availableParallelism();
    if (cores === 1) return 1;
    const key = `${path.basename(file.path)}:${file.sizeBytes}:${file.modifiedAt}:cores=${cores}:uv=${process.env.UV_THREADPOOL_SIZE ?? 'default'}:pool=${this.threadPool}`;
    const cache = await this.load();
    let measurements = cache[key];
    if (!measurements) {
      measurements = [];
      for (const threads of candidates(cores)) measurements.push(await measure(model, threads));
      cache[key] = measurements;
      await writeFileAtomic(this.file, JSON.stringify(cache, null, 2)).catch((error) => this.logger.warn({ err: error }, 'could not save thread measurements'));
      this.logger.info({ model: file.id, measurements }, 'measured evaluation threads');
    }
    return measurements.reduce((best, m) => (m.tokensPerSecond > best.tokensPerSecond ? m : best)).threads;
  }

  private get file(): string {
    return path.join(this.dataDir, 'engine-threads.json');
  }

  private async load(): Promise<Record<string, Measurement[]>> {
    if (this.cache) return this.cache;
    try {
      this.cache = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      this.cache = {};
    }
    return this.cache!;
  }
}

/** 1, the physical-ish core count, and the logical count when they differ. */
function candidates(cores: number): number[] {
  const set = new Set([1, Math.max(1, Math.floor(cores / 2)), cores]);
  return [...set].sort((a, b) => a - b);
}

async function measure(model: LlamaModel, threads: number): Promise<Measurement> {
  const context = await model.createContext({ contextSize: 256, sequences: 1, threads, batchSize: 64 });
  try {
    const sequence = context.getSequence();
    const prompt = model.tokenize('Once upon a time, in a small village by the sea, there lived');
    const started = performance.now();
    let generated = 0;
    const iterator = sequence.evaluate(prompt, { temperature: 0 });
    let first = true;
    let decodeStart = started;
    for await (const token of iterator) {
      void token;
      if (first) {
        // The prompt batch is done; time only single-token decodes, which is where threads hurt.
        first = false;
        decodeStart = performance.now();
        continue;
      }
      generated++;
      if (generated >= probeTokens || performance.now() - started > probeTimeLimitMs) break;
    }
    const seconds = Math.max((performance.now() - decodeStart) / 1000, 1e-6);
    return { threads, tokensPerSecond: Math.round((generated / seconds) * 10) / 10 };
  } finally {
    await context.dispose();
  }
}
