import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the tiny GGUF test models live: HEARTH_TEST_MODELS, else ../shared/models beside the checkout. */
export const testModelsDir = path.resolve(process.env.HEARTH_TEST_MODELS ?? path.join(import.meta.dirname, '..', '..', 'shared', 'models'));

/** The test models by role; see ../shared/models/README.md. */
export const testModels = {
  /** 260K-parameter llama, no chat template in the file (Llama 2 wrapper); fastest. */
  tiny: 'stories260K',
  /** The same weights with a ChatML template in its metadata. */
  chatml: 'stories260K-chatml',
  /** Random weights, the full 32k Llama 2 vocabulary, f16. */
  tinyRandom: 'llama-2-tiny-random',
  /** Random weights in SmolLM2-135M's shape: for benchmarks only. */
  bench: 'bench-135M-q4_k_m',
} as const;
export type TestModelId = (typeof testModels)[keyof typeof testModels];

export function testModelPath(id: TestModelId): string {
  return path.join(testModelsDir, `${id}.gguf`);
}

/** A reason to skip when a model is missing, or false when all are present. */
export function missingTestModels(ids: readonly TestModelId[]): string | false {
  const missing = ids.filter((id) => !existsSync(testModelPath(id)));
  return missing.length === 0 ? false : `test models missing in ${testModelsDir}: ${missing.join(', ')} (set HEARTH_TEST_MODELS)`;
}
