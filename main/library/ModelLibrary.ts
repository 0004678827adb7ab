import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Llama } from 'node-llama-cpp';
import { ModelNotFoundError } from '../../common/errors.js';
import { ModelInUseError, type HubModelSummary, type LocalModel, type ModelSettingsPatch, type RepoModelFile } from '../../common/library.js';
import type { ModelInfo } from '../../common/models.js';
import { modelLoadSettings, type ModelLoadSettings } from '../../common/settings.js';
import type { SettingsStore } from '../config/SettingsStore.js';
import type { HfClient } from '../downloads/HfClient.js';
import { modelIdOf, splitPartOf } from '../downloads/modelFileName.js';
import { groupGgufFiles } from '../downloads/repoModels.js';
import type { Logger } from '../log.js';
import { estimateFit } from './estimateFit.js';
import type { ModelSources } from './ModelSources.js';
import { readModelMetadata, type ModelMetadata } from './readModelMetadata.js';
import { mapLimited } from '../util/mapLimited.js';

/** What the library needs of the engine: which models are loaded, unloading one, and its llama.cpp binding for fit. */
export interface LibraryEngine {
  listModels(): Promise<ModelInfo[]>;
  unload(id: string): Promise<void>;
  binding(): Llama;
}

export interface ModelLibraryOptions {
  settings: SettingsStore;
  sources: ModelSources;
  hub: HfClient;
  logger: Logger;
  /** Without it (library tools with no engine running), fit estimates are for CPU and RAM only. */
  engine?: LibraryEngine;
}

/**
 * Local models with their GGUF metadata, deleting them, per-model load
 * settings (saved in settings.json, which the engine reads on every load, JIT
 * loads included), and Hugging Face search and repo listings with fit.
 */
export class ModelLibrary {
  constructor(private readonly options: ModelLibraryOptions) {}

  async list(): Promise<LocalModel[]> {
    const { modelsDir } = this.options.settings.get();
    const names = (await readdir(modelsDir).catch(() => [] as string[])).filter((n) => /\.gguf$/i.test(n) && !n.startsWith('.')).sort();
    const groups = new Map<string, string[]>();
    for (const name of names) {
      const split = splitPartOf(name);
      // A split model is listed once, under its first part, and only when every part is here.
      if (split && split.part !== 1) continue;
      const files = split ? Array.from({ length: split.parts }, (_, i) => `${split.base}-${String(i + 1).padStart(5, '0')}-of-${String(split.parts).padStart(5, '0')}.gguf`) : [name];
      if (files.every((f) => names.includes(f))) groups.set(modelIdOf(name), files);
    }
    const loaded = await this.loadedIds();
    const models = await Promise.all([...groups].map(([id, files]) => this.describe(id, files, loaded)));
    return models.filter((m): m is LocalModel => m !== null);
  }

  async get(id: string): Promise<LocalModel> {
    const model = (await this.list()).find((m) => m.id === id);
    if (!model) throw new ModelNotFoundError(id);
    return model;
  }

  /**
   * The sha256 a download verified for a file in the models dir, while the file is still what was
   * downloaded (not written since); null for files that came another way, or were replaced.
   */
  async verifiedSha256(file: string): Promise<string | null> {
    const source = await this.options.sources.get(path.relative(this.options.settings.get().modelsDir, file));
    if (!source) return null;
    const info = await stat(file).catch(() => null);
    return info && info.mtimeMs <= source.downloadedAt ? source.sha256 : null;
  }

  /** Deletes a model's files; a loaded model is refused unless unload is set, then unloaded first. */
  async delete(id: string, options: { unload?: boolean } = {}): Promise<void> {
    const model = await this.get(id);
    if (model.loaded) {
      if (!options.unload) throw new ModelInUseError(id);
      await this.options.engine!.unload(id);
    }
    const { modelsDir } = this.options.settings.get();
    for (const file of model.files) {
      // A name read from the models dir itself; when it is a link to a model kept elsewhere, only the link goes.
      await unlink(path.join(modelsDir, file));
      await this.options.sources.delete(file);
    }
    // The per-model settings stay: pulling the same model again brings them back.
  }

  settingsOf(id: string): ModelLoadSettings {
    return this.options.settings.get().models[id] ?? {};
  }

  /** Applies a patch to a model's saved settings; null clears a field back to the default. */
  async updateSettings(id: string, patch: ModelSettingsPatch): Promise<ModelLoadSettings> {
    await this.get(id);
    const next: Record<string, unknown> = { ...this.settingsOf(id) };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete next[key];
      else if (value !== undefined) next[key] = value;
    }
    const validated = modelLoadSettings.parse(next);
    const models = { ...this.options.settings.get().models };
    if (Object.keys(validated).length === 0) delete models[id];
    else models[id] = validated;
    await this.options.settings.update({ models });
    return validated;
  }

  search(query: string, limit?: number, signal?: AbortSignal): Promise<HubModelSummary[]> {
    return this.options.hub.searchModels(query, limit, signal);
  }

  /** A repo's GGUF models, smallest first, each with whether and how it fits this machine. */
  async repoFiles(repo: string, revision = 'main', signal?: AbortSignal): Promise<RepoModelFile[]> {
    const models = groupGgufFiles(await this.options.hub.listFiles(repo, revision, signal));
    const { hfEndpoint, hfToken } = this.options.settings.get();
    return mapLimited(models, 3, async (model) => {
      const entry: RepoModelFile = {
        path: model.path,
        parts: model.parts.map((p) => p.path),
        sizeBytes: model.sizeBytes,
        quantization: model.quantization,
        sha256: model.parts[0]!.sha256,
        ref: `hf:${repo}/${model.path}`,
        fit: null,
      };
      try {
        entry.fit = await estimateFit(this.options.hub.fileUrl(repo, revision, model.path), { hfEndpoint, hfToken, llama: this.options.engine?.binding(), signal });
      } catch (error) {
        if (signal?.aborted) throw error;
        entry.fitError = `Could not read the GGUF header: ${(error as Error).message}`;
      }
      return entry;
    });
  }

  private async loadedIds(): Promise<Set<string>> {
    if (!this.options.engine) return new Set();
    const models = await this.options.engine.listModels();
    return new Set(models.filter((m) => m.state === 'loaded' || m.state === 'loading').map((m) => m.id));
  }

  private async describe(id: string, files: string[], loaded: Set<string>): Promise<LocalModel | null> {
    const { modelsDir } = this.options.settings.get();
    // Names read from the models dir; a link to a model kept elsewhere is listed (the engine loads it too).
    const paths = files.map((f) => path.join(modelsDir, f));
    const stats = await Promise.all(paths.map((p) => stat(p).catch(() => null)));
    if (stats.some((s) => s === null)) return null;
    // Read once per file version by the shared cache, failures included; a broken file is listed with its reason.
    const meta: ModelMetadata | { error: string } = await readModelMetadata(paths[0]!).catch((error: Error) => ({ error: error.message }));
    const source = await this.options.sources.get(files[0]!);
    const base = {
      id,
      files,
      sizeBytes: stats.reduce((sum, s) => sum + s!.size, 0),
      modifiedAt: Math.floor(Math.max(...stats.map((s) => s!.mtimeMs)) / 1000),
      loaded: loaded.has(id),
      sha256: files.length === 1 ? (source?.sha256 ?? null) : null,
      source: source?.ref ?? null,
      settings: this.settingsOf(id),
    };
    if ('error' in meta) {
      return { ...base, architecture: null, name: null, parameterCount: null, quantization: null, fileType: null, contextLength: null, hasChatTemplate: false, isEmbeddingOnly: false, error: meta.error };
    }
    return { ...base, ...meta };
  }
}

