import { toJsonText } from './hostileInputs.js';
import type { FuzzRequest } from './mutate.js';
import type { Prng } from './prng.js';

const story = 'Once upon a time';

/** Generation requests on one model through every family, streamed or not, to send all at once. */
export function floodRequests(rng: Prng, model: string, count: number, hangUp = false): FuzzRequest[] {
  const routes: Array<{ path: string; body: (stream: boolean) => unknown }> = [
    { path: '/v1/chat/completions', body: (stream) => ({ model, messages: [{ role: 'user', content: story }], max_tokens: 120, stream }) },
    { path: '/v1/completions', body: (stream) => ({ model, prompt: story, max_tokens: 120, stream }) },
    { path: '/api/chat', body: (stream) => ({ model, messages: [{ role: 'user', content: story }], stream, options: { num_predict: 120 } }) },
    { path: '/api/generate', body: (stream) => ({ model, prompt: story, stream, options: { num_predict: 120 } }) },
    { path: '/generate', body: (stream) => ({ model_id: model, prompt: story, max_length: 120, stream }) },
    { path: '/chat', body: (stream) => ({ model_id: model, messages: [{ role: 'user', content: story }], max_length: 120, stream }) },
    { path: '/v1/embeddings', body: () => ({ model, input: [story, story, story] }) },
    { path: '/lollms/v1/tokenize', body: () => ({ model, text: story }) },
  ];
  return Array.from({ length: count }, (): FuzzRequest => {
    const route = rng.pick(routes);
    return {
      family: 'flood',
      label: hangUp ? 'flood, clients leave' : 'flood',
      method: 'POST',
      path: route.path,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(toJsonText(route.body(rng.chance(0.5)))),
      hangUpAfterMs: hangUp ? rng.int(5, 150) : undefined,
    };
  });
}
