import { z } from 'zod';

/**
 * Remote model bindings ("upstreams"): another engine Hearth fronts — an OpenAI-compatible server (vLLM,
 * llama.cpp's server, TGI, LocalAI, LM Studio, OpenAI) or Ollama's native API — whose models Hearth lists and
 * serves like its own, under the same keys, limits, statistics and request log.
 */
export const bindingKind = z.enum(['openai', 'ollama']);
export type BindingKind = z.infer<typeof bindingKind>;

/** Where a binding's API key is kept: a 0600 file in the data dir, or Electron's safeStorage. */
export const keyStorage = z.enum(['file', 'safeStorage']);
export type KeyStorage = z.infer<typeof keyStorage>;

/** One model the upstream serves and the name Hearth's clients use for it. */
export const bindingModel = z.object({
  /** The upstream's own model name. */
  name: z.string().trim().min(1).max(256),
  /** What Hearth's clients ask for; the upstream name when left out. */
  alias: z.string().trim().min(1).max(256).optional(),
});
export type BindingModel = z.infer<typeof bindingModel>;

const baseUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .transform((url) => url.replace(/\/+$/, ''));

/** What the CLI, the admin API and the UI send to add a binding. */
export const createBindingInput = z.object({
  name: z.string().trim().min(1).max(100),
  kind: bindingKind,
  /** OpenAI kind: the base the API paths follow, e.g. http://gpu-box:8000/v1; Ollama kind: http://host:11434. */
  baseUrl,
  /** Sent as a Bearer token; stored apart from the bindings, never returned. */
  apiKey: z.string().min(1).max(4096).optional(),
  models: z.array(bindingModel).min(1).max(200),
  /** How long a request may wait for the upstream's first byte (and a connection test in all), in ms. */
  timeoutMs: z.number().int().min(1000).max(3_600_000).default(120_000),
  /** Off: kept but not listed or served. */
  enabled: z.boolean().default(true),
});
export type CreateBindingInput = z.input<typeof createBindingInput>;

/** A change to a binding; `apiKey: null` removes the stored key. */
export const updateBindingInput = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  kind: bindingKind.optional(),
  baseUrl: baseUrl.optional(),
  apiKey: z.string().min(1).max(4096).nullable().optional(),
  models: z.array(bindingModel).min(1).max(200).optional(),
  timeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
  enabled: z.boolean().optional(),
});
export type UpdateBindingInput = z.input<typeof updateBindingInput>;

/** A binding as it is stored in <data>/bindings.json (no key). */
export const bindingRecord = z.object({
  id: z.string(),
  name: z.string(),
  kind: bindingKind,
  baseUrl: z.string(),
  models: z.array(bindingModel),
  timeoutMs: z.number().int(),
  enabled: z.boolean(),
  createdAt: z.string(),
});
export type BindingRecord = z.infer<typeof bindingRecord>;

export const bindingHealth = z.object({
  /** null until the first health check answered. */
  healthy: z.boolean().nullable(),
  checkedAt: z.string().nullable(),
  error: z.string().nullable(),
  /** Requests running through this binding now. */
  inFlight: z.number().int(),
});
export type BindingHealth = z.infer<typeof bindingHealth>;

/** A binding as lists show it: whether a key is set and where it is kept, never the key. */
export const bindingSummary = bindingRecord.extend({
  hasApiKey: z.boolean(),
  keyStorage: keyStorage,
  health: bindingHealth,
});
export type BindingSummary = z.infer<typeof bindingSummary>;

/** The answer of a connection test. */
export const bindingTestResult = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  /** The model names the upstream lists. */
  models: z.array(z.string()),
  error: z.string().optional(),
});
export type BindingTestResult = z.infer<typeof bindingTestResult>;

/** The name a binding's model is served under. */
export function servedName(model: BindingModel): string {
  return model.alias ?? model.name;
}
