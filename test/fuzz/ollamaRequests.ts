import { deepSchema } from './hostileInputs.js';
import type { Endpoint } from './mutate.js';
import type { Prng } from './prng.js';
import { fewTokens, jsonSchema, keepAlive, modelName, ollamaMessages, ollamaOptions, openAiMessages, openAiTools } from './values.js';

const prefixes = ['/api', '/ollama/api'];

const format = (rng: Prng): unknown => rng.oneOf<unknown>([() => 'json', () => '', () => jsonSchema(rng), () => deepSchema(3000)]);

function generationFields(): Endpoint['fields'] {
  return { model: modelName, options: ollamaOptions, keep_alive: keepAlive, format, 'options.num_predict': (rng) => rng.pick([0, -1, -2, -3, 2 ** 31, 1e9]) };
}

/** The Ollama family under /api and /ollama/api, and the OpenAI layer LoLLMs looks for under /ollama/v1. */
export function ollamaEndpoints(): Endpoint[] {
  const native = prefixes.flatMap((prefix): Endpoint[] => [
    {
      method: 'POST',
      path: `${prefix}/chat`,
      body: (rng) => ({
        model: modelName(rng),
        messages: ollamaMessages(rng),
        stream: rng.chance(0.5),
        options: ollamaOptions(rng),
        ...(rng.chance(0.2) ? { format: format(rng) } : {}),
        ...(rng.chance(0.2) ? { tools: openAiTools(rng) } : {}),
        ...(rng.chance(0.1) ? { tool_choice: 'required' } : {}),
        ...(rng.chance(0.2) ? { keep_alive: keepAlive(rng) } : {}),
        ...(rng.chance(0.1) ? { think: rng.pick<unknown>([true, 'high']) } : {}),
      }),
      fields: { ...generationFields(), messages: ollamaMessages, tools: openAiTools },
    },
    {
      method: 'POST',
      path: `${prefix}/generate`,
      body: (rng) => ({
        model: modelName(rng),
        prompt: rng.pick(['Once upon a time', '', 'Hi']),
        stream: rng.chance(0.5),
        options: ollamaOptions(rng),
        ...(rng.chance(0.2) ? { system: 'Be brief.', suffix: 'The end.' } : {}),
        ...(rng.chance(0.1) ? { raw: true } : {}),
        ...(rng.chance(0.1) ? { context: rng.pick<unknown>([[], [1, 2, 3], [-1, 2 ** 40]]) } : {}),
        ...(rng.chance(0.1) ? { template: '{{ .Prompt }}' } : {}),
        ...(rng.chance(0.1) ? { images: ['AAAA'] } : {}),
        ...(rng.chance(0.2) ? { format: format(rng) } : {}),
        ...(rng.chance(0.2) ? { keep_alive: keepAlive(rng) } : {}),
      }),
      fields: generationFields(),
    },
    { method: 'POST', path: `${prefix}/embed`, body: (rng) => ({ model: modelName(rng), input: rng.pick<unknown>(['A cat', ['a', 'b'], [], '']), ...(rng.chance(0.3) ? { truncate: rng.chance(0.5) } : {}) }), fields: generationFields() },
    { method: 'POST', path: `${prefix}/embeddings`, body: (rng) => ({ model: modelName(rng), prompt: 'A cat' }), fields: generationFields() },
    { method: 'GET', path: `${prefix}/tags` },
    { method: 'GET', path: `${prefix}/ps` },
    { method: 'GET', path: `${prefix}/version` },
    { method: 'POST', path: `${prefix}/show`, body: (rng) => ({ model: modelName(rng), ...(rng.chance(0.3) ? { verbose: true } : {}) }), fields: { model: modelName, name: modelName } },
    { method: 'POST', path: `${prefix}/copy`, body: (rng) => ({ source: modelName(rng), destination: `fuzz-copy-${rng.int(0, 20)}` }), fields: { source: modelName, destination: modelName } },
    // Deletes aim at the victim copy, copies and broken files: deleting the good models would leave nothing to fuzz.
    { method: 'DELETE', path: `${prefix}/delete`, body: (rng) => ({ model: rng.pick(['fuzz-victim', `fuzz-copy-${rng.int(0, 20)}`, 'mutated-0', 'no-such-model', 'hf.co/fuzz/hostile-GGUF:Q4_0']) }) },
    { method: 'POST', path: `${prefix}/pull`, body: (rng) => ({ model: rng.pick(['hf.co/fuzz/hostile-GGUF:Q4_0', 'hf.co/fuzz/hostile-GGUF:Q5_0', 'hf.co/fuzz/hostile-GGUF:Q6_K', 'hf.co/fuzz/hostile-GGUF:Q8_0', 'hf.co/fuzz/missing-GGUF', 'hf.co/fuzz/hostile-GGUF/hostile-Q8_0.gguf', 'llama3']), stream: rng.chance(0.5) }) },
    { method: 'POST', path: `${prefix}/create`, body: () => ({ model: 'x', from: 'stories260K' }) },
    { method: 'POST', path: `${prefix}/push`, body: () => ({ model: 'x' }) },
  ]);
  return [
    ...native,
    { method: 'GET', path: '/ollama/v1/models' },
    {
      method: 'POST',
      path: '/ollama/v1/chat/completions',
      body: (rng) => ({ model: modelName(rng), messages: openAiMessages(rng), max_tokens: fewTokens(rng), stream: rng.chance(0.5) }),
      fields: { model: modelName, messages: openAiMessages },
    },
  ];
}
