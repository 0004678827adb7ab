import { z } from 'zod';
import { HearthError } from './errors.js';
import { modelLoadSettings } from './settings.js';

/** A Hugging Face model repo found by search. */
export const hubModelSummary = z.object({
  id: z.string(),
  downloads: z.number(),
  likes: z.number(),
  tags: z.array(z.string()),
  pipelineTag: z.string().nullable(),
  lastModified: z.string().nullable(),
});
export type HubModelSummary = z.infer<typeof hubModelSummary>;

/** Whether a file fits this machine, as node-llama-cpp's GGUF insights estimate it. */
export const modelFit = z.object({
  fits: z.boolean(),
  /** 0 (does not fit) to 1 (fits fully on the best device). */
  compatibilityScore: z.number(),
  gpuLayers: z.number(),
  totalLayers: z.number(),
  contextSize: z.number(),
  ramBytes: z.number(),
  vramBytes: z.number(),
});
export type ModelFit = z.infer<typeof modelFit>;

/** A GGUF model in a repo: one file, or all parts of a split model. */
export const repoModelFile = z.object({
  /** Path of the first (or only) file in the repo. */
  path: z.string(),
  /** All parts in order; one entry for an unsplit file. */
  parts: z.array(z.string()),
  sizeBytes: z.number(),
  quantization: z.string().nullable(),
  sha256: z.string().nullable(),
  /** What to pass to a pull: `hf:USER/REPO/PATH`. */
  ref: z.string(),
  fit: modelFit.nullable(),
  /** Why fit is null, when it could not be estimated. */
  fitError: z.string().optional(),
});
export type RepoModelFile = z.infer<typeof repoModelFile>;

export const catalogEntry = z.object({
  ref: z.string(),
  name: z.string(),
  purpose: z.enum(['chat', 'coding', 'embedding']),
  /** Rough download size in bytes, for sorting small to large. */
  approxSizeBytes: z.number(),
  description: z.string(),
});
export type CatalogEntry = z.infer<typeof catalogEntry>;

/** What a folder model is for: each purpose has its own catalog and Discover section. */
export const folderModelPurpose = z.enum(['speech-to-text', 'text-to-speech']);
export type FolderModelPurpose = z.infer<typeof folderModelPurpose>;

/** A suggested model that is a folder of files (a Whisper model, a voice), and whether the models dir holds it. */
export const folderModelEntry = z.object({
  /** What to pass to a pull, e.g. `whisper:sherpa-onnx-whisper-tiny`. */
  ref: z.string(),
  /** The folder in the models dir, which is also the model id. */
  id: z.string(),
  name: z.string(),
  purpose: folderModelPurpose,
  /** Rough download size in bytes. */
  approxSizeBytes: z.number(),
  description: z.string(),
  isInstalled: z.boolean(),
});
export type FolderModelEntry = z.infer<typeof folderModelEntry>;

/** A model file in the models dir with what its GGUF header says. */
export const localModel = z.object({
  id: z.string(),
  files: z.array(z.string()),
  sizeBytes: z.number(),
  modifiedAt: z.number(),
  loaded: z.boolean(),
  architecture: z.string().nullable(),
  name: z.string().nullable(),
  parameterCount: z.number().nullable(),
  quantization: z.string().nullable(),
  fileType: z.string().nullable(),
  contextLength: z.number().nullable(),
  hasChatTemplate: z.boolean(),
  isEmbeddingOnly: z.boolean(),
  sha256: z.string().nullable(),
  /** Where it was downloaded from, when Hearth downloaded it. */
  source: z.string().nullable(),
  settings: modelLoadSettings,
  /** Set when the header could not be read. */
  error: z.string().optional(),
});
export type LocalModel = z.infer<typeof localModel>;

/** A patch of per-model settings: a field set to null goes back to the default. */
export const modelSettingsPatch = z.object(
  Object.fromEntries(Object.entries(modelLoadSettings.shape).map(([key, schema]) => [key, schema.unwrap().nullable().optional()])) as {
    [K in keyof typeof modelLoadSettings.shape]: z.ZodOptional<z.ZodNullable<ReturnType<(typeof modelLoadSettings.shape)[K]['unwrap']>>>;
  },
).strict();
export type ModelSettingsPatch = z.infer<typeof modelSettingsPatch>;

/** The model is loaded and the caller did not ask to unload it. */
export class ModelInUseError extends HearthError {
  constructor(modelId: string) {
    super(409, 'invalid_request_error', `The model '${modelId}' is loaded. Unload it first or pass unload=true.`, { code: 'model_in_use' });
  }
}
