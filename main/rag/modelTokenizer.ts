import { stat } from 'node:fs/promises';
import type { LlamaModel } from 'node-llama-cpp';
import type { Engine } from '../engine/Engine.js';

/** Counts tokens of a text as the embedding model's tokenizer cuts it. */
export type CountTokens = (text: string) => number;

interface Entry {
  key: string;
  model: Promise<LlamaModel>;
  timer?: NodeJS.Timeout;
}

const idleMs = 60_000;

/**
 * Token counting for chunking, in the embedding model's own vocabulary. Chunking measures every candidate
 * cut, thousands of counts per document: through engine.tokenize each would be a scheduler round trip, so
 * the model's vocabulary alone is loaded (node-llama-cpp's `vocabOnly`, no weights; megabytes, not the
 * model) on the engine's own llama.cpp binding, and counted synchronously. It is dropped when idle.
 */
export class ModelTokenizers {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly engine: Engine) {}

  async get(modelId: string): Promise<CountTokens> {
    const info = await this.engine.getModel(modelId);
    const file = await stat(info.file);
    const key = `${info.file}:${file.size}:${file.mtimeMs}`;
    let entry = this.entries.get(modelId);
    if (entry?.key !== key) {
      if (entry) void this.drop(modelId, entry);
      entry = { key, model: this.engine.binding().loadModel({ modelPath: info.file, vocabOnly: true, gpuLayers: 0 }) };
      entry.model.catch(() => this.entries.get(modelId) === entry && this.entries.delete(modelId));
      this.entries.set(modelId, entry);
    }
    const current = entry;
    clearTimeout(current.timer);
    current.timer = setTimeout(() => void this.drop(modelId, current), idleMs).unref();
    const model = await current.model;
    return (text) => (text ? model.tokenize(text, false).length : 0);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.entries].map(([id, entry]) => this.drop(id, entry)));
  }

  private async drop(modelId: string, entry: Entry): Promise<void> {
    clearTimeout(entry.timer);
    if (this.entries.get(modelId) === entry) this.entries.delete(modelId);
    await (await entry.model.catch(() => null))?.dispose();
  }
}
