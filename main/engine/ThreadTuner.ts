import os from 'node:os';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import type { EngineHardware } from '../../common/models.js';
import type { Logger } from '../log.js';
import { median } from '../util/stats.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';
import type { ModelFile } from './ModelRegistry.js';

interface Measurement {
  threads: number;
  tokensPerSecond: number;
}

// Each candidate decodes in several short rounds, interleaved with the others, and keeps its median:
// one 24-token run per candidate, one after the other, picked 1 thread over 2 for the 135M bench model
// when the VM drifted between the runs.
const rounds = 3;
const probeTokens = 12;
const probeTimeLimitMs = 500;

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
      measurements = await measureAll(model, candidates(cores));
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

/** Median tokens/s of each thread count, from rounds that take turns so drift hits every count alike. */
async function measureAll(model: LlamaModel, counts: number[]): Promise<Measurement[]> {
  const contexts = [];
  try {
    for (const threads of counts) contexts.push(await model.createContext({ contextSize: 256, sequences: 1, threads, batchSize: 64 }));
    const sequences = contexts.map((context) => context.getSequence());
    const rates: number[][] = counts.map(() => []);
    // The first round also evaluates each prompt and builds each context's graphs; it is not counted.
    for (let round = 0; round <= rounds; round++) {
      for (const [i, sequence] of sequences.entries()) {
        const rate = await probe(model, sequence);
        if (round > 0) rates[i]!.push(rate);
      }
    }
    return counts.map((threads, i) => ({ threads, tokensPerSecond: Math.round(median(rates[i]!) * 10) / 10 }));
  } finally {
    for (const context of contexts) await context.dispose();
  }
}

/** Tokens/s of single-token decodes (where threads matter) after a short prompt, cut off when pathological. */
async function probe(model: LlamaModel, sequence: LlamaContextSequence): Promise<number> {
  await sequence.clearHistory();
  const prompt = model.tokenize('Once upon a time, in a small village by the sea, there lived');
  let generated = 0;
  let started = 0;
  const iterator = sequence.evaluate(prompt, { temperature: 0 });
  try {
    for await (const token of iterator) {
      void token;
      // The prompt's decode is not timed; the clock starts with the first single-token step.
      if (started === 0) {
        started = performance.now();
        continue;
      }
      generated++;
      if (generated >= probeTokens || performance.now() - started > probeTimeLimitMs) break;
    }
  } finally {
    await iterator.return();
  }
  return generated / Math.max((performance.now() - started) / 1000, 1e-6);
}
