import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { hearthSettings, type HearthSettings } from '../../common/settings.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';

/** Settings given for this run only (CLI flags, HEARTH_* variables); they win over the file and are never saved. */
export type SettingsOverrides = Partial<HearthSettings>;

const storedSettings = hearthSettings.partial();

/**
 * Validates what is to be saved and keeps only the fields it names. zod 4 fills a field's default even
 * inside `.partial()`, so the parsed object alone would save every default and freeze it for old installs.
 */
function parseStored(input: Record<string, unknown>): Partial<HearthSettings> {
  const parsed = storedSettings.parse(input) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(input).filter((key) => input[key] !== undefined && key in parsed).map((key) => [key, parsed[key]])) as Partial<HearthSettings>;
}

/**
 * Settings persisted as settings.json in the data dir. What is saved is only what
 * the user changed, so new defaults reach old installs; overrides apply on top.
 */
export class SettingsStore extends EventEmitter<{ change: [HearthSettings] }> {
  private constructor(
    private readonly file: string,
    private saved: Partial<HearthSettings>,
    private readonly overrides: SettingsOverrides,
    private current: HearthSettings,
  ) {
    super();
  }

  static async open(dataDir: string, modelsDir: string, overrides: SettingsOverrides = {}): Promise<SettingsStore> {
    await mkdir(dataDir, { recursive: true });
    const file = path.join(dataDir, 'settings.json');
    const saved = await readSaved(file);
    const merged = SettingsStore.merge(saved, overrides, dataDir, modelsDir);
    return new SettingsStore(file, saved, overrides, merged);
  }

  get(): HearthSettings {
    return this.current;
  }

  /** The fields a flag or HEARTH_* variable sets for this run, which a saved change can't override. */
  overriddenKeys(): string[] {
    return Object.keys(this.overrides).filter((key) => this.overrides[key as keyof SettingsOverrides] !== undefined);
  }

  /** Saves a change; fields set by an override keep the override's value for this run. */
  async update(patch: Partial<HearthSettings>): Promise<HearthSettings> {
    const saved = parseStored({ ...this.saved, ...patch });
    const merged = SettingsStore.merge(saved, this.overrides, this.current.dataDir, this.current.modelsDir);
    await writeFileAtomic(this.file, `${JSON.stringify(saved, null, 2)}\n`);
    this.saved = saved;
    this.current = merged;
    this.emit('change', merged);
    return merged;
  }

  private static merge(saved: Partial<HearthSettings>, overrides: SettingsOverrides, dataDir: string, modelsDir: string): HearthSettings {
    return hearthSettings.parse({ ...saved, ...overrides, dataDir, modelsDir });
  }
}

async function readSaved(file: string): Promise<Partial<HearthSettings>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    return parseStored(JSON.parse(text) as Record<string, unknown>);
  } catch (error) {
    const detail = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    throw new Error(`Settings file ${file} is not valid: ${detail}. Fix or delete it to start with defaults.`);
  }
}
