import { stat } from 'node:fs/promises';
import path from 'node:path';
import { splitPartOf } from '../downloads/modelFileName.js';
import { GgufArraySummary } from './ggufValues.js';
import { modelFactsOf, stopTokenIds, vocabularyKeys, type ModelFacts } from './modelFacts.js';
import { readGgufHeader, type GgufHeader } from './readGgufHeader.js';
import { readGgufStrings } from './readGgufStrings.js';

/** A model file whose header Hearth will not read; the message is the reason shown with the model. */
export class UnreadableModelFileError extends Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`unreadable model file: ${detail}`, options);
    this.name = 'UnreadableModelFileError';
  }
}

interface CacheEntry {
  version: string;
  facts: Promise<ModelFacts>;
}

// Entries past this are dropped oldest first (models removed from disk leave theirs behind).
const maxEntries = 1024;
const cache = new Map<string, CacheEntry>();
let headersRead = 0;

/** Headers parsed since the process started (each part of a split model counts); a cache hit reads none. */
export function ggufHeadersRead(): number {
  return headersRead;
}

/**
 * A model's facts from its GGUF header, read once per file version (path, device, inode, size and
 * mtime of every part) by every caller in the process: a failure is kept as well as a success, so a
 * broken file costs one bounded read, not one per listing. Rejects with UnreadableModelFileError
 * (kept) when the header is refused, and with the plain error when the file can't be found.
 * `file` is the model's file, or the first part of a split model (the other parts are read too).
 */
export async function readModelFacts(file: string): Promise<ModelFacts> {
  const parts = partsOf(file);
  const stats = await Promise.all(parts.map((part) => stat(part).catch(() => null)));
  const version = parts.map((part, i) => (stats[i] ? `${stats[i].dev}:${stats[i].ino}:${stats[i].size}:${stats[i].mtimeMs}` : 'missing')).join('|');
  const cached = cache.get(file);
  if (cached?.version === version) {
    // Most recently used last, so the oldest is dropped first.
    cache.delete(file);
    cache.set(file, cached);
    return cached.facts;
  }
  if (!stats[0]) await stat(file); // throws the file's own ENOENT, not cached
  const facts = readFacts(parts, stats.findIndex((s) => s === null));
  cache.set(file, { version, facts });
  if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
  return facts;
}

/** The files of a model: the file itself, or every part named like `-00001-of-00003.gguf`. */
function partsOf(file: string): string[] {
  const split = splitPartOf(path.basename(file));
  if (!split || split.part !== 1) return [file];
  const dir = path.dirname(file);
  const total = String(split.parts).padStart(5, '0');
  return Array.from({ length: split.parts }, (_, i) => path.join(dir, `${split.base}-${String(i + 1).padStart(5, '0')}-of-${total}.gguf`));
}

async function readFacts(parts: string[], missing: number): Promise<ModelFacts> {
  if (missing >= 0) throw new UnreadableModelFileError(`part ${missing + 1} of ${parts.length} (${path.basename(parts[missing]!)}) is missing`);
  const headers: GgufHeader[] = [];
  try {
    // One part at a time: the reads share libuv's pool with the engine, and a bad first part ends it early.
    for (const part of parts) {
      headersRead++;
      headers.push(await readGgufHeader(part, { skipKeys: vocabularyKeys }));
    }
    const tokens = headers[0]!.metadata.get('tokenizer.ggml.tokens');
    const tokenTexts = tokens instanceof GgufArraySummary ? await readGgufStrings(parts[0]!, tokens, stopTokenIds(headers[0]!)) : new Map<number, string>();
    return modelFactsOf(headers, tokenTexts);
  } catch (error) {
    const where = parts.length > 1 ? `${path.basename(parts[headers.length] ?? parts[0]!)}: ` : '';
    throw new UnreadableModelFileError(`${where}${(error as Error).message}`, { cause: error });
  }
}
