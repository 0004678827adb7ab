import { z } from 'zod';
import { hearthSettings } from '../../settings.js';

/**
 * Settings read once when the server starts: a change is saved at once but takes effect only after a
 * restart (the listener, the logger, the body parser and the GPU binding are built at start).
 */
export const restartSettings = [
  'host',
  'port',
  'gpu',
  'logLevel',
  'bodyLimitBytes',
  'headersTimeoutSeconds',
  'requestBodyTimeoutSeconds',
  'idleSocketTimeoutSeconds',
  'maxConnections',
  'ragUri',
] as const satisfies readonly (keyof z.infer<typeof hearthSettings>)[];

const changeable = hearthSettings.omit({ dataDir: true, modelsDir: true, hfToken: true }).shape;
type Changeable = typeof changeable;

/**
 * What the UI may change: everything but the folders, which are chosen when the server starts. Each field
 * loses its default (zod fills defaults even in a partial object, and a patch must hold only what changed).
 */
export const settingsPatch = z
  .object(
    Object.fromEntries(Object.entries(changeable).map(([key, schema]) => [key, (schema instanceof z.ZodDefault ? schema.unwrap() : schema).optional()])) as {
      [K in keyof Changeable]: z.ZodOptional<Changeable[K] extends z.ZodDefault<infer Inner> ? Inner : Changeable[K]>;
    },
  )
  .extend({ hfToken: z.string().min(1).nullable().optional() })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatch>;

/** The settings in force, as the UI shows them; the Hugging Face token never leaves the server. */
export const settingsView = z.object({
  settings: hearthSettings.omit({ hfToken: true }),
  hasHfToken: z.boolean(),
  /** Fields set for this run by a command-line flag or HEARTH_* variable: a saved change waits for a run without it. */
  overridden: z.array(z.string()),
  /** Saved changes that take effect at the next start. */
  restartRequired: z.array(z.string()),
});
export type SettingsView = z.infer<typeof settingsView>;

export const settingsCalls = {
  'settings:get': { input: z.object({}).strict(), output: settingsView },
  'settings:update': { input: z.object({ patch: settingsPatch }).strict(), output: settingsView },
} as const;
