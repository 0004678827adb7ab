import { quantizationOf } from '../library/quantization.js';
import type { RepoFileEntry } from './HfClient.js';
import { splitPartOf } from './modelFileName.js';

/** One loadable model in a repo: a GGUF file, or every part of a split one. */
export interface RepoGgufModel {
  path: string;
  parts: RepoFileEntry[];
  sizeBytes: number;
  quantization: string | null;
  /** Vision projectors and similar side files, which are not models on their own. */
  isAuxiliary: boolean;
}

/** Groups a repo's .gguf files into models; split parts beyond the first join their first part. */
export function groupGgufFiles(files: RepoFileEntry[]): RepoGgufModel[] {
  const ggufs = files.filter((f) => /\.gguf$/i.test(f.path));
  const byPath = new Map(ggufs.map((f) => [f.path, f]));
  const models: RepoGgufModel[] = [];
  for (const file of ggufs) {
    const split = splitPartOf(file.path);
    if (split && split.part !== 1) continue;
    const parts = split
      ? Array.from({ length: split.parts }, (_, i) => byPath.get(`${split.base}-${String(i + 1).padStart(5, '0')}-of-${String(split.parts).padStart(5, '0')}.gguf`))
      : [file];
    // A split model with a part missing from the listing can't be downloaded whole.
    if (parts.some((p) => p === undefined)) continue;
    const complete = parts as RepoFileEntry[];
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    models.push({
      path: file.path,
      parts: complete,
      sizeBytes: complete.reduce((sum, p) => sum + p.sizeBytes, 0),
      quantization: quantizationOf(file.path),
      isAuxiliary: /^mmproj|[-_.]mmproj[-_.]/i.test(name),
    });
  }
  return models.sort((a, b) => a.sizeBytes - b.sizeBytes);
}

/** Ollama and llama.cpp pick Q4_K_M when no quantization is named; a good size/quality trade. */
export const defaultQuantizations = ['Q4_K_M', 'Q4_K_S', 'Q4_0', 'Q5_K_M', 'Q8_0'];
