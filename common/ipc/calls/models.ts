import { z } from 'zod';
import { localModel, modelSettingsPatch } from '../../library.js';
import { modelInfo } from '../../models.js';
import { modelLoadSettings } from '../../settings.js';

/** A model as the engine reports it: on disk, maybe loaded, with its live state. */
export const modelSummary = modelInfo.omit({ file: true });
export type ModelSummary = z.infer<typeof modelSummary>;

/** A model's saved load settings and the defaults under them. */
export const modelSettingsView = z.object({ id: z.string(), settings: modelLoadSettings, defaults: modelLoadSettings });
export type ModelSettingsView = z.infer<typeof modelSettingsView>;

const modelId = z.object({ id: z.string().min(1).max(512) }).strict();

export const modelsCalls = {
  /** Live state of every model (any key may ask). */
  'models:list': { input: z.object({}).strict(), output: z.array(modelSummary) },
  /** What the library knows of each model on disk: GGUF metadata, source, sha256, settings. */
  'models:library': { input: z.object({}).strict(), output: z.array(localModel) },
  'models:load': { input: modelId, output: modelSummary },
  'models:unload': { input: modelId, output: modelSummary },
  'models:getSettings': { input: modelId, output: modelSettingsView },
  /** Fields set to null go back to the default; validated by the same schema as the server's route. */
  'models:updateSettings': { input: z.object({ id: z.string().min(1).max(512), patch: modelSettingsPatch }).strict(), output: modelSettingsView },
  /** `unload` first unloads a loaded model; without it a loaded model is refused (409). */
  'models:delete': { input: z.object({ id: z.string().min(1).max(512), unload: z.boolean().default(false) }).strict(), output: z.object({}) },
} as const;
