import { deepSchema, hostileString, hostileValue, RawJson } from './hostileInputs.js';
import { goodModels, knownModelIds } from './hostileModels.js';
import type { Prng } from './prng.js';

/** Mostly the good models, so requests get past the lookup to the engine; else a broken one or nonsense. */
export function modelName(rng: Prng): string {
  const roll = rng.next();
  if (roll < 0.55) return rng.pick(goodModels);
  if (roll < 0.85) return rng.pick(knownModelIds);
  return rng.oneOf<string>([
    () => `${rng.pick(goodModels)}:latest`,
    () => rng.pick(goodModels).toUpperCase(),
    () => `hf.co/fuzz/hostile-GGUF:${rng.pick(['Q4_0', 'Q5_0', 'Q6_K', 'Q8_0', 'Q2_K'])}`,
    () => hostileString(rng),
  ]);
}

/** Tokens to generate: small, so the plausible requests stay quick. */
export const fewTokens = (rng: Prng) => rng.int(1, 12);

/** Conversations: short or long (a template may react to its length), with odd roles and contents now and then. */
export function openAiMessages(rng: Prng): unknown[] {
  const length = rng.chance(0.15) ? rng.int(13, 40) : rng.int(1, 4);
  return Array.from({ length }, (_, index) =>
    rng.oneOf<unknown>([
      () => ({ role: index % 2 === 0 ? 'user' : 'assistant', content: rng.pick(['Hi', 'Once upon a time', 'Tell me a story.']) }),
      () => ({ role: 'system', content: rng.chance(0.5) ? 'Be brief.' : hostileString(rng) }),
      () => ({ role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: rng.pick(['image_url', 'input_audio', 'file', 'refusal', 'video']), image_url: 'data:image/png;base64,AAAA' }] }),
      () => ({ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: rng.pick(['{}', '{"q":', 'null', '[]', '{"a":'.repeat(5000)]) } }] }),
      () => ({ role: 'tool', tool_call_id: rng.pick(['call_1', '', 'nope']), content: 'result' }),
      () => ({ role: rng.pick(['developer', 'function', 'wizard', '']), content: 'x' }),
      () => ({ role: 'user', content: hostileString(rng) }),
    ]),
  );
}

export function ollamaMessages(rng: Prng): unknown[] {
  const length = rng.chance(0.15) ? rng.int(13, 40) : rng.int(1, 4);
  return Array.from({ length }, (_, index) =>
    rng.oneOf<unknown>([
      () => ({ role: index % 2 === 0 ? 'user' : 'assistant', content: rng.pick(['Hi', 'Once upon a time']) }),
      () => ({ role: 'system', content: hostileString(rng) }),
      () => ({ role: 'user', content: 'What is this?', images: [rng.pick(['AAAA', 'not base64', ''])] }),
      () => ({ role: 'assistant', content: '', tool_calls: [{ function: { name: 'lookup', arguments: rng.chance(0.5) ? { q: 'x' } : hostileValue(rng) } }] }),
      () => ({ role: 'tool', tool_name: 'lookup', content: 'result' }),
      () => ({ role: 'user', content: hostileString(rng), thinking: hostileString(rng) }),
    ]),
  );
}

/** A JSON schema for structured output or tool parameters: plausible, contradictory or nested far too deep. */
export function jsonSchema(rng: Prng): unknown {
  return rng.oneOf<unknown>([
    () => ({ type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } }, required: ['name'] }),
    () => ({ type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 3 }),
    () => ({ type: 'string', pattern: '^(a+)+$', maxLength: rng.pick([0, 1, 10 ** 9]) }),
    () => ({ type: 'integer', minimum: 10, maximum: 1 }),
    () => ({ enum: [] }),
    () => ({ $ref: '#' }),
    () => ({ $ref: '#/definitions/loop', definitions: { loop: { $ref: '#/definitions/loop' } } }),
    () => ({ type: 'object', properties: { a: { $ref: 'http://127.0.0.1:1/schema.json' } } }),
    () => ({ anyOf: Array.from({ length: 200 }, (_, i) => ({ const: `v${i}` })) }),
    () => ({ type: 'object', properties: Object.fromEntries(Array.from({ length: rng.int(50, 500) }, (_, i) => [`p${i}`, { type: 'string' }])), required: ['p0'] }),
    () => ({ type: ['string', 'null', 'object'], additionalProperties: { type: 'object', additionalProperties: true } }),
    () => ({ type: 'string', format: rng.pick(['date-time', 'uri', 'email', 'nonsense']) }),
    () => ({ type: rng.pick(['nonsense', 42, null]) }),
    () => deepSchema(rng.pick([63, 65, 200, 3000])),
    () => new RawJson('{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"number"}}}'),
    () => hostileValue(rng),
  ]);
}

export function openAiTools(rng: Prng): unknown[] {
  return Array.from({ length: rng.int(1, 3) }, () => ({
    type: 'function',
    function: { name: rng.chance(0.8) ? rng.pick(['lookup', 'get_weather']) : hostileString(rng), description: 'Look something up.', parameters: jsonSchema(rng) },
  }));
}

/** Ollama's keep_alive: numbers and Go durations, sane and not. */
export function keepAlive(rng: Prng): unknown {
  return rng.pick<unknown>(['5m', '-1', '-1m', '0', '1h30m', '300ms', '1e308h', '99999999h', '2562047h47m16.854775807s', 'forever', '', '5 m', '1.5.5s', 10, -1, 0, 1e308, new RawJson('1e309'), 2 ** 31]);
}

/** Ollama's options, num_predict small unless a hostile value replaces it. */
export function ollamaOptions(rng: Prng): Record<string, unknown> {
  const options: Record<string, unknown> = { num_predict: rng.pick([0, 1, 4, 8, -1, -2]) };
  if (rng.chance(0.3)) options.temperature = rng.pick([0, 0.7, 2, 100]);
  if (rng.chance(0.2)) options.num_ctx = rng.pick([1, 64, 256, 2048, 1_000_000, 2 ** 31]);
  if (rng.chance(0.2)) options.stop = rng.pick<unknown>(['\n', ['.', '!'], '', ['']]);
  if (rng.chance(0.1)) options.seed = rng.pick([0, -1, 2 ** 53]);
  if (rng.chance(0.1)) Object.assign(options, { num_thread: 64, num_gpu: 999, mirostat: 2, num_batch: 1 });
  return options;
}
