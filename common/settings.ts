import { z } from 'zod';

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
  /** Seconds a model stays loaded after its last request; 0 unloads at once, negative never. */
  idleTtlSeconds: z.number().int().optional(),
  aliases: z.array(z.string().min(1)).optional(),
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
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  logPrompts: z.boolean().default(false),
  /** Finished API requests the admin request log keeps (GET /v1/admin/requests). */
  requestLogSize: z.number().int().min(0).default(500),
  hfEndpoint: z.string().default('https://huggingface.co'),
  hfToken: z.string().optional(),
  maxConcurrentDownloads: z.number().int().min(1).default(2),
});
export type HearthSettings = z.infer<typeof hearthSettings>;
