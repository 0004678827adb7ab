import type { Endpoint } from './mutate.js';
import type { Prng } from './prng.js';
import { fewTokens, modelName } from './values.js';

function sampling(rng: Prng): Record<string, unknown> {
  const fields: Record<string, unknown> = { model_id: rng.chance(0.8) ? modelName(rng) : null, max_length: fewTokens(rng) };
  if (rng.chance(0.3)) Object.assign(fields, { temperature: rng.pick([0, 0.7, 2]), top_p: rng.pick([0.1, 1]), top_k: rng.pick([0, 40]), repetition_penalty: rng.pick([1, 1.15]), do_sample: rng.chance(0.5) });
  return fields;
}

const messages = (rng: Prng): unknown[] =>
  Array.from({ length: rng.chance(0.15) ? rng.int(13, 30) : rng.int(1, 3) }, (_, i) => ({ role: rng.chance(0.9) ? ['user', 'assistant'][i % 2] : rng.pick(['system', 'tool', 'wizard']), content: 'Hi' }));

/** LocalLab's routes at the root: generation, batches, models and system info, plus /health and /ready. */
export function localLabEndpoints(): Endpoint[] {
  const fields = { model_id: modelName, max_length: (rng: Prng) => rng.pick([0, 1, 2 ** 31, 1e9]) };
  return [
    { method: 'POST', path: '/generate', body: (rng) => ({ ...sampling(rng), prompt: rng.pick(['Once upon a time', 'Hi']), stream: rng.chance(0.4) }), fields },
    { method: 'POST', path: '/chat', body: (rng) => ({ ...sampling(rng), messages: messages(rng), stream: rng.chance(0.4) }), fields: { ...fields, messages } },
    {
      method: 'POST',
      path: '/generate/batch',
      body: (rng) => ({ ...sampling(rng), prompts: Array.from({ length: rng.pick([1, 2, 4, 64, 65]) }, () => 'Hi') }),
      fields: { ...fields, prompts: (rng) => rng.pick<unknown>([[], [''], Array.from({ length: 10_000 }, () => 'x')]) },
    },
    { method: 'GET', path: '/models/available' },
    { method: 'GET', path: '/models/current' },
    // Loads and unloads aim at the victim copy and broken files, so the good models stay loaded for the others.
    { method: 'POST', path: '/models/load', body: (rng) => ({ model_id: rng.pick(['fuzz-victim', 'kv-bomb', 'header-only', 'flipped-0', 'template-range', 'hf.co/fuzz/hostile-GGUF:Q4_0', 'hf.co/fuzz/hostile-GGUF:Q6_K', 'hf:fuzz/hostile-GGUF/hostile-Q5_0.gguf']) }) },
    { method: 'POST', path: '/models/unload', body: (rng) => ({ model_id: rng.pick(['fuzz-victim', 'kv-bomb', 'no-such-model']) }) },
    { method: 'GET', path: '/system/info' },
    { method: 'GET', path: '/health' },
    { method: 'GET', path: '/ready' },
  ];
}
