import type { SpeechVariantInfo, SpeechVoiceInfo } from '../../../common/api/speech.js';

/** One row of espeak-ng's `--voices` table. */
export interface EspeakVoiceRow {
  priority: number;
  language: string;
  gender?: 'male' | 'female';
  name: string;
  /** What `-v` takes: a path under espeak-ng-data (`gmw/en-US`), or `!v/f3` for a variant. */
  file: string;
  /** Other languages this voice speaks, with espeak's priority (lower is preferred). */
  otherLanguages: Array<{ language: string; priority: number }>;
}

// ` 5  en-029  --/M  English_(Caribbean)  gmw/en-029  (en 10)`: names use `_` for spaces; files may hold one
// (`!v/Mr serious`), so the file runs up to the bracketed languages.
const rowPattern = /^\s*(\d+)\s+(\S+)\s+\S*\/([MF-])\s+(\S+)\s+(.+?)\s*((?:\(\S+ \d+\)\s*)*)$/;

/** Parses espeak-ng's `--voices` or `--voices=variant` output; the header and unreadable lines are skipped. */
export function parseEspeakVoiceTable(table: string): EspeakVoiceRow[] {
  const rows: EspeakVoiceRow[] = [];
  for (const line of table.split('\n')) {
    const match = rowPattern.exec(line);
    if (!match) continue;
    const [, priority, language, gender, name, file, others] = match;
    rows.push({
      priority: Number(priority),
      language: language.toLowerCase(),
      gender: gender === 'M' ? 'male' : gender === 'F' ? 'female' : undefined,
      name: name.replaceAll('_', ' '),
      file,
      otherLanguages: [...others.matchAll(/\((\S+) (\d+)\)/g)].map(([, other, rank]) => ({ language: other.toLowerCase(), priority: Number(rank) })),
    });
  }
  return rows;
}

/** A local voice: what the listing shows and what `-v` is given. */
export interface LocalVoice extends SpeechVoiceInfo {
  espeakName: string;
  /** Priority per language tag this voice answers to (its own first, at its own priority). */
  languagePriorities: Map<string, number>;
}

export interface LocalVariant extends SpeechVariantInfo {
  espeakName: string;
}

/** espeak-ng's language voices, each id unique: its language tag, or its file's name when two share one. */
export function toLocalVoices(rows: EspeakVoiceRow[]): LocalVoice[] {
  const voices: LocalVoice[] = [];
  const taken = new Set<string>();
  for (const row of rows) {
    const fileName = row.file.split('/').pop()!.toLowerCase();
    const id = taken.has(row.language) ? fileName : row.language;
    if (taken.has(id)) continue;
    taken.add(id);
    const languagePriorities = new Map([[row.language, row.priority], ...row.otherLanguages.map(({ language, priority }) => [language, priority] as const)]);
    voices.push({
      id,
      name: row.name,
      language: row.language,
      languages: [...languagePriorities.keys()],
      gender: row.gender,
      engine: 'espeak-ng',
      espeakName: row.file,
      languagePriorities,
    });
  }
  return voices;
}

/**
 * espeak-ng's variants, by their file's name (`f3`, `m7`, `klatt` excluded: this espeak-ng build has no
 * Klatt synthesizer, so those would sound like the plain voice under another name).
 */
export function toLocalVariants(rows: EspeakVoiceRow[]): LocalVariant[] {
  const variants: LocalVariant[] = [];
  for (const row of rows) {
    if (!row.file.startsWith('!v/')) continue;
    const fileName = row.file.slice(3);
    const id = fileName.toLowerCase();
    if (/\s/.test(id) || id.startsWith('klatt') || variants.some((variant) => variant.id === id)) continue;
    variants.push({ id, name: row.name, gender: row.gender, espeakName: fileName });
  }
  return variants;
}
