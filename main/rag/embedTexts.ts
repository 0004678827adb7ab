import type { Engine } from '../engine/Engine.js';

/** Inputs per engine call: small enough that progress and cancel stay prompt, large enough to amortise a call. */
const batchSize = 16;

export interface EmbedTextsOptions {
  engine: Engine;
  model: string;
  signal?: AbortSignal;
  /** After each batch, with the count embedded so far. */
  onProgress?: (done: number) => void;
}

/**
 * Embeds texts through the engine's embedding path (its scheduler, JIT load and keep-alive, as the API's
 * embeddings), in batches, as unit vectors: stored unit vectors make the dot product the cosine.
 */
export async function embedTexts(texts: readonly string[], options: EmbedTextsOptions): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    options.signal?.throwIfAborted();
    // truncate: chunks are cut to fit the chunk size; a token or two of BOS/EOS must not fail a whole document.
    const result = await options.engine.embed({ model: options.model, inputs: texts.slice(start, start + batchSize), truncate: true, signal: options.signal });
    for (const vector of result.vectors) vectors.push(normalize(vector));
    options.onProgress?.(vectors.length);
  }
  return vectors;
}

export function normalize(vector: readonly number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm > 0 ? vector.map((value) => value / norm) : [...vector];
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}
