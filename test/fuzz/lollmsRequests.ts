import { hostileString } from './hostileInputs.js';
import type { Endpoint } from './mutate.js';
import type { Prng } from './prng.js';
import { modelName } from './values.js';

/** Text long enough to be cut into a few chunks, short enough that processing it stays quick. */
const story = (rng: Prng) => Array.from({ length: rng.int(1, 30) }, (_, i) => `Sentence ${i} of a story about a cat.`).join(' ');

/** The LoLLMs services under /lollms/v1, including the 501 ones and the RAG pair. */
export function lollmsEndpoints(): Endpoint[] {
  const tokens = (rng: Prng): unknown => rng.pick<unknown>([[1, 2, 3], [], [0], [511, 512, 513], [2 ** 31 - 1], [-1], [1.5], Array.from({ length: 5000 }, (_, i) => i % 600)]);
  return [
    { method: 'POST', path: '/lollms/v1/tokenize', body: (rng) => ({ model: rng.chance(0.8) ? modelName(rng) : undefined, text: rng.chance(0.5) ? 'Once upon a time' : hostileString(rng) }), fields: { model: modelName } },
    { method: 'POST', path: '/lollms/v1/detokenize', body: (rng) => ({ model: modelName(rng), tokens: tokens(rng) }), fields: { tokens, model: modelName } },
    {
      method: 'POST',
      path: '/lollms/v1/long_context_process',
      body: (rng) => ({
        model: modelName(rng),
        text: story(rng),
        prompt: rng.pick(['Summarize.', 'List the cats.']),
        max_generation_tokens: rng.int(1, 8),
        ...(rng.chance(0.5) ? { chunk_size: rng.pick([16, 32, 64]) } : {}),
      }),
      fields: { model: modelName, chunk_size: (rng) => rng.pick([16, 17, 2 ** 31]), max_generation_tokens: (rng) => rng.pick([1, 2 ** 31, 1e9]) },
    },
    { method: 'GET', path: '/lollms/v1/models' },
    { method: 'GET', path: '/lollms/v1/models/stories260K-chatml' },
    { method: 'GET', path: '/lollms/v1/rag/databases' },
    {
      method: 'POST',
      path: '/lollms/v1/rag/query',
      body: (rng) => ({ datastore_id: rng.pick(['{datastore}', '{datastore}', 'no-such-datastore', '../../datastores']), query: rng.pick(['cat', '"exact phrase"', 'OR AND NOT', '*', "'; DROP TABLE chunks; --"]), top_k: rng.pick([1, 10, 100]), min_similarity: rng.pick([0, 50, 100]) }),
      fields: { top_k: (rng) => rng.pick([0, 1e6, -1]), min_similarity: (rng) => rng.pick([-1, 101, 1e308]) },
    },
    { method: 'POST', path: '/lollms/v1/audio/speech', body: (rng) => ({ input: 'Hello', voice: rng.pick(['alloy', '']), response_format: rng.pick(['mp3', 'wav', 'midi']) }) },
    { method: 'GET', path: '/lollms/v1/audio/voices' },
    { method: 'POST', path: '/lollms/v1/images/edit', body: () => ({ prompt: 'a cat', image: 'AAAA' }) },
  ];
}
