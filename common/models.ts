import { z } from 'zod';

export const modelState = z.enum(['unloaded', 'loading', 'loaded', 'unloading', 'error']);
export type ModelState = z.infer<typeof modelState>;

/** A GGUF model on disk as every process shows it. */
export const modelInfo = z.object({
  /** File name without `.gguf`; what clients pass as `model`. */
  id: z.string(),
  aliases: z.array(z.string()),
  file: z.string(),
  sizeBytes: z.number(),
  /** File modification time, seconds since the epoch. */
  modifiedAt: z.number(),
  state: modelState,
  error: z.string().optional(),
  /** While loading: the share of the weights llama.cpp has read, 0 to 1. */
  loadProgress: z.number().min(0).max(1).optional(),
  architecture: z.string().optional(),
  name: z.string().optional(),
  parameterCount: z.number().optional(),
  fileType: z.string().optional(),
  trainContextSize: z.number().optional(),
  hasChatTemplate: z.boolean().optional(),
  embeddingLength: z.number().optional(),
  /** A model a remote binding serves (common/bindings.ts): the bindings that expose it under this id. */
  remote: z.object({ bindings: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['openai', 'ollama']) })) }).optional(),
  /** Present while loaded. */
  loaded: z
    .object({
      contextSize: z.number(),
      parallelSlots: z.number(),
      threads: z.number(),
      gpuLayers: z.number(),
      /** When an idle model will be unloaded, ms since the epoch; null when it stays loaded. */
      expiresAt: z.number().nullable(),
      activeRequests: z.number(),
      queuedRequests: z.number(),
      sizeBytes: z.number(),
      vramBytes: z.number(),
    })
    .optional(),
});
export type ModelInfo = z.infer<typeof modelInfo>;

/** The compute the engine runs on, as llama.cpp sees it. */
export const engineHardware = z.object({
  /** Threads all contexts share at most (the machine's cores). */
  maxThreads: z.number(),
  /**
   * How the CPU backend runs its threads: `persistent`, one ggml thread pool per context (Hearth's
   * rebuilt addon, scripts/buildEngineAddon.mjs); `per-decode`, fresh threads on every decode
   * (node-llama-cpp's prebuilt addon, slower on small CPUs; docs/ENGINE.md).
   */
  threadPool: z.enum(['persistent', 'per-decode']),
  /** The GPU backend in use with its devices and VRAM; null when running on the CPU only. */
  gpu: z
    .object({
      backend: z.string(),
      devices: z.array(z.string()),
      vramTotalBytes: z.number(),
      vramUsedBytes: z.number(),
      vramFreeBytes: z.number(),
    })
    .nullable(),
});
export type EngineHardware = z.infer<typeof engineHardware>;
