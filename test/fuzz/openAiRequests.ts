import type { Endpoint } from './mutate.js';
import type { Prng } from './prng.js';
import { fewTokens, jsonSchema, modelName, openAiMessages, openAiTools } from './values.js';

const prefixes = ['/v1', '/api/v1'];

function chatBody(rng: Prng): Record<string, unknown> {
  const body: Record<string, unknown> = { model: modelName(rng), messages: openAiMessages(rng), max_tokens: fewTokens(rng) };
  if (rng.chance(0.4)) body.stream = true;
  if (rng.chance(0.2)) body.stream_options = { include_usage: true };
  if (rng.chance(0.2)) body.tools = openAiTools(rng);
  if (rng.chance(0.15)) body.tool_choice = rng.pick<unknown>(['auto', 'none', 'required', { type: 'function', function: { name: 'lookup' } }]);
  if (rng.chance(0.2)) body.response_format = rng.pick<unknown>([{ type: 'json_object' }, { type: 'json_schema', json_schema: { name: 'x', schema: jsonSchema(rng) } }, { type: 'json_schema', schema: jsonSchema(rng) }]);
  if (rng.chance(0.2)) body.temperature = rng.pick([0, 0.5, 2]);
  if (rng.chance(0.1)) body.stop = rng.pick<unknown>(['\n', ['.', '!', '?', ' '], '']);
  if (rng.chance(0.1)) body.seed = rng.int(0, 2 ** 31);
  if (rng.chance(0.1)) body.logprobs = true;
  return body;
}

/** The OpenAI family under /v1 and /api/v1: generation, embeddings, the model list and unknown routes. */
export function openAiEndpoints(): Endpoint[] {
  return prefixes.flatMap((prefix): Endpoint[] => [
    { method: 'POST', path: `${prefix}/chat/completions`, body: chatBody, fields: { model: modelName, messages: openAiMessages, tools: openAiTools, 'response_format.json_schema.schema': jsonSchema } },
    { method: 'POST', path: `${prefix}/chat/completions`, body: chatBody },
    {
      method: 'POST',
      path: `${prefix}/completions`,
      body: (rng) => ({ model: modelName(rng), prompt: rng.pick<unknown>(['Once upon a time', ['a', 'b'], '']), max_tokens: fewTokens(rng), stream: rng.chance(0.4), ...(rng.chance(0.2) ? { suffix: 'end', echo: true } : {}) }),
      fields: { model: modelName, response_format: (rng) => ({ type: 'json_schema', schema: jsonSchema(rng) }) },
    },
    {
      method: 'POST',
      path: `${prefix}/embeddings`,
      body: (rng) => ({ model: modelName(rng), input: rng.pick<unknown>(['A cat sits on the mat', ['one', 'two', 'three'], '', ['']]), ...(rng.chance(0.3) ? { encoding_format: rng.pick(['float', 'base64']) } : {}) }),
      fields: { model: modelName, dimensions: (rng) => rng.pick([1, 8, 64, 4096]) },
    },
    { method: 'GET', path: `${prefix}/models` },
    { method: 'GET', path: `${prefix}/models/stories260K` },
    { method: 'GET', path: `${prefix}/models/kv-bomb` },
    { method: 'GET', path: `${prefix}/models/hf.co/fuzz/hostile-GGUF:Q4_0` },
    { method: 'POST', path: `${prefix}/responses`, body: (rng) => ({ model: modelName(rng), input: 'Hi' }) },
    { method: 'POST', path: `${prefix}/audio/transcriptions`, body: () => ({ model: 'whisper-1' }) },
  ]);
}
