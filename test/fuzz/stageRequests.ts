import { toJsonText } from './hostileInputs.js';
import { hostileFileIds, templateModelIds } from './hostileModels.js';
import type { Family, FuzzRequest } from './mutate.js';
import type { Prng } from './prng.js';

/** A JSON POST as the fixed stages send it. */
export function post(family: Family, label: string, path: string, body: unknown): FuzzRequest {
  return { family, label, method: 'POST', path, headers: { 'content-type': 'application/json' }, body: Buffer.from(toJsonText(body)) };
}

/** Every family's ways of reaching a model file, for each hostile file; pulls and downloads of hostile files from the hub. */
export function hostileFileRequests(): FuzzRequest[] {
  const requests: FuzzRequest[] = [];
  const label = 'hostile file';
  for (const model of hostileFileIds) {
    requests.push(
      post('openai', label, '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4 }),
      post('openai', label, '/v1/embeddings', { model, input: 'Hi' }),
      post('ollama', label, '/api/generate', { model, prompt: 'Hi', stream: true, options: { num_predict: 4 } }),
      post('ollama', label, '/api/show', { model }),
      post('lollms', label, '/lollms/v1/tokenize', { model, text: 'Hi' }),
      post('locallab', label, '/models/load', { model_id: model }),
      { family: 'admin', label, method: 'GET', path: `/v1/admin/library/models/${model}`, headers: {} },
      { family: 'admin', label, method: 'POST', path: `/v1/admin/library/models/${model}/load`, headers: {} },
    );
  }
  for (const ref of ['hf.co/fuzz/hostile-GGUF:Q4_0', 'hf.co/fuzz/hostile-GGUF:Q5_0', 'hf.co/fuzz/hostile-GGUF:Q6_K']) {
    requests.push(post('ollama', label, '/api/pull', { model: ref, stream: false }), post('admin', label, '/v1/admin/downloads', { ref }));
  }
  for (const path of ['/api/tags', '/v1/admin/library/models', '/models/available', '/lollms/v1/models', '/ollama/v1/models']) {
    requests.push({ family: 'admin', label: 'listing', method: 'GET', path, headers: {} });
  }
  return requests;
}

/** Chats with each hostile-template model through each family, short and long (a template may react to the length). */
export function hostileTemplateRequests(rng: Prng): FuzzRequest[] {
  const requests: FuzzRequest[] = [];
  const label = 'hostile template';
  const long = Array.from({ length: 14 }, (_, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', content: `Message ${index}` }));
  const short = [{ role: 'user', content: 'Hi' }];
  for (const model of templateModelIds) {
    for (const messages of [short, long]) {
      requests.push(
        post('openai', label, '/v1/chat/completions', { model, messages, max_tokens: 4, stream: rng.chance(0.5) }),
        post('ollama', label, '/api/chat', { model, messages, options: { num_predict: 4 } }),
        post('locallab', label, '/chat', { model_id: model, messages, max_length: 4 }),
        post('ollama', label, '/ollama/v1/chat/completions', { model, messages, max_tokens: 4 }),
        post('ollama', label, '/api/show', { model }),
      );
    }
  }
  return requests;
}
