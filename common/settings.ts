import { z } from 'zod';

/** The longest delay a timer honours: setTimeout fires at once for anything above 2^31−1 ms (24.8 days). */
export const maxTimerSeconds = (2 ** 31 - 1) / 1000;

/**
 * Idle seconds as the scheduler takes them: negative, non-finite or beyond a timer's reach all mean
 * "never unload" (-1), since a longer delay would overflow setTimeout and unload the model at once.
 */
export function toIdleSeconds(seconds: number): number {
  return !Number.isFinite(seconds) || seconds < 0 || seconds >= maxTimerSeconds ? -1 : seconds;
}

/** Longest alias, in characters; a model name is a short handle, not a payload. */
export const maxAliasLength = 128;

/**
 * Another name a model answers to (from /api/copy, a pull, or settings.json), checked once here for every
 * place that stores one. Printable characters only (a NUL or newline breaks logs, listings and settings
 * files). A `/` may separate namespace parts as in Ollama's `hf.co/user/repo:Q4_K_M`, which /api/pull stores
 * as an alias; what reads as a file path is refused: `\`, empty parts (`/x`, `a//b`), `.`/`..` parts and
 * parts that begin with a dot.
 */
export const modelAlias = z
  .string()
  .min(1, 'a model name can not be empty')
  .max(maxAliasLength, `a model name is at most ${maxAliasLength} characters`)
  .refine((name) => !/[\p{C}\p{Zl}\p{Zp}]/u.test(name), { message: 'a model name may hold printable characters only (no control characters such as NUL or newlines)' })
  .refine((name) => name.trim() === name, { message: 'a model name can not begin or end with a space' })
  .refine((name) => !name.includes('\\') && name.split('/').every((part) => part !== '' && !part.startsWith('.')), {
    message: "a model name can not look like a file path: no '\\', no empty parts between '/', no part that is or begins with '.' or '..'",
  });

/** Load options a model is served with; every field may be left to Hearth's default. */
export const modelLoadSettings = z.object({
  /** Context size in tokens per slot; 'auto' lets the engine pick what fits. */
  contextSize: z.union([z.literal('auto'), z.number().int().min(64)]).optional(),
  /** Layers offloaded to the GPU: 'auto', 'max' or a count. */
  gpuLayers: z.union([z.enum(['auto', 'max']), z.number().int().min(0)]).optional(),
  /** Evaluation threads; 'auto' uses the count measured fastest on this machine. */
  threads: z.union([z.literal('auto'), z.number().int().min(1).max(256)]).optional(),
  batchSize: z.number().int().min(1).optional(),
  /** Requests served at once (context sequences). */
  parallelSlots: z.number().int().min(1).max(64).optional(),
  /** Flash attention; 'auto' (the default, as llama.cpp's) turns it on where the backend supports the model. */
  flashAttention: z.union([z.literal('auto'), z.boolean()]).optional(),
  /** Seconds a model stays loaded after its last request; 0 unloads at once, negative (or beyond 24.8 days) never. */
  idleTtlSeconds: z.number().transform(toIdleSeconds).optional(),
  aliases: z.array(modelAlias).optional(),
  /**
   * Wall-clock seconds one generation may run once it has its slot; past it the generation stops as if it hit
   * its token limit (finish_reason "length") and frees the slot. Default 600.
   */
  maxGenerationSeconds: z.number().positive().optional(),
  systemPrompt: z.string().optional(),
  sampling: z
    .object({
      temperature: z.number().min(0).max(2).optional(),
      topP: z.number().min(0).max(1).optional(),
      topK: z.number().int().min(0).optional(),
      minP: z.number().min(0).max(1).optional(),
      repeatPenalty: z.number().min(0).optional(),
    })
    .optional(),
});
export type ModelLoadSettings = z.infer<typeof modelLoadSettings>;

export const hearthSettings = z.object({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(9642),
  modelsDir: z.string(),
  dataDir: z.string(),
  /** Models loaded at start. */
  preloadModels: z.array(z.string()).default([]),
  requireApiKeys: z.boolean().default(true),
  /** Host names accepted in the Host header besides loopback names (DNS-rebinding guard). */
  allowedHosts: z.array(z.string()).default([]),
  /**
   * Origins granted CORS; none by default. Each is a full origin (`https://app.example:8443`): a wildcard
   * would let every web page the user opens drive their models, so `*` is refused, not read as "all".
   */
  corsOrigins: z
    .array(
      z.string().refine((entry) => /^https?:\/\/[^/*\s]+\/?$/i.test(entry.trim()), {
        message: "each CORS origin is a full origin such as 'http://localhost:3000'; '*' and wildcards are refused, since any web page could then use your models",
      }),
    )
    .default([]),
  rateLimit: z
    .object({
      enabled: z.boolean().default(true),
      requestsPerMinute: z.number().int().min(1).default(60),
      burst: z.number().int().min(1).default(10),
      maxConcurrentPerKey: z.number().int().min(1).default(4),
    })
    .default({ enabled: true, requestsPerMinute: 60, burst: 10, maxConcurrentPerKey: 4 }),
  /** GPU backend: 'auto' finds one if present; false forces CPU. */
  gpu: z.union([z.literal('auto'), z.literal(false), z.enum(['cuda', 'vulkan', 'metal'])]).default('auto'),
  /** Defaults for every model; per-model settings override them. */
  modelDefaults: modelLoadSettings.default({}),
  /** Per-model settings keyed by model id. */
  models: z.record(z.string(), modelLoadSettings).default({}),
  /** Requests that may wait for a slot per model before 503. */
  queueSize: z.number().int().min(0).default(16),
  maxLoadedModels: z.number().int().min(1).default(3),
  bodyLimitBytes: z.number().int().min(1024).default(20 * 1024 * 1024),
  /** Seconds a client has to send a request's headers (also how long a new connection may stay silent); 408 after. */
  headersTimeoutSeconds: z.number().positive().default(30),
  /**
   * Seconds a client has to send a whole request, headers and body; 408 after. It never cuts a response being
   * written, so a long generation or stream is not limited by it.
   */
  requestBodyTimeoutSeconds: z.number().positive().default(60),
  /**
   * Seconds a kept-alive connection with no request in flight stays open. Long, as Ollama's Go server keeps
   * idle connections: a client reusing a pooled socket the server has just closed fails with "other side closed".
   */
  idleSocketTimeoutSeconds: z.number().positive().default(300),
  /** Connections open at once; more are closed as they arrive. */
  maxConnections: z.number().int().min(1).default(512),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  logPrompts: z.boolean().default(false),
  /** Finished API requests the admin request log keeps (GET /v1/admin/requests). */
  requestLogSize: z.number().int().min(0).default(500),
  hfEndpoint: z.string().default('https://huggingface.co'),
  hfToken: z.string().optional(),
  maxConcurrentDownloads: z.number().int().min(1).default(2),
  /**
   * Where RAG datastores live: unset is `<data>/datastores`; a folder, or `s3://`, `gs://`, `az://` object
   * storage with credentials from the environment (docs/RAG.md).
   */
  ragUri: z.string().optional(),
  /** Largest file a datastore upload accepts; larger ones answer 413. */
  ragUploadLimitBytes: z.number().int().min(1024).default(200 * 1024 * 1024),
  /** Chunks a datastore holds before it gets an ANN (IVF-PQ) vector index, built in the background. */
  ragVectorIndexRows: z.number().int().min(256).default(50_000),
  /**
   * Days a stored response (`/v1/responses`, `store` not false) and a conversation are kept after their last
   * change, as OpenAI keeps responses 30 days; fractions allowed, 0 keeps them until deleted.
   */
  responsesRetentionDays: z.number().min(0).default(30),
});
export type HearthSettings = z.infer<typeof hearthSettings>;
