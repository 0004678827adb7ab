import { modelSettingsPatch, type ModelSettingsPatch } from '../../../common/library.js';
import type { ModelLoadSettings } from '../../../common/settings.js';

/** The form's text fields; an empty one means "Hearth's default". */
export interface SettingsDraft {
  contextSize: string;
  gpuLayers: string;
  threads: string;
  parallelSlots: string;
  flashAttention: string;
  idleTtlSeconds: string;
  aliases: string;
  systemPrompt: string;
  temperature: string;
  topP: string;
  topK: string;
  minP: string;
  repeatPenalty: string;
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

export function draftOf(settings: ModelLoadSettings): SettingsDraft {
  return {
    contextSize: text(settings.contextSize),
    gpuLayers: text(settings.gpuLayers),
    threads: text(settings.threads),
    parallelSlots: text(settings.parallelSlots),
    flashAttention: text(settings.flashAttention),
    idleTtlSeconds: text(settings.idleTtlSeconds),
    aliases: (settings.aliases ?? []).join(', '),
    systemPrompt: settings.systemPrompt ?? '',
    temperature: text(settings.sampling?.temperature),
    topP: text(settings.sampling?.topP),
    topK: text(settings.sampling?.topK),
    minP: text(settings.sampling?.minP),
    repeatPenalty: text(settings.sampling?.repeatPenalty),
  };
}

/** A number when the text is one, else the text itself, so the schema names the field that is wrong. */
function numberOr(value: string, words: readonly string[] = []): unknown {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (words.includes(trimmed)) return trimmed;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}

/**
 * The draft as the patch the server takes, checked by the very schema the server's route checks with;
 * `errors` holds a message per field that would be refused.
 */
export function patchOf(draft: SettingsDraft): { patch: ModelSettingsPatch | null; errors: Partial<Record<keyof SettingsDraft, string>> } {
  const sampling = {
    temperature: numberOr(draft.temperature),
    topP: numberOr(draft.topP),
    topK: numberOr(draft.topK),
    minP: numberOr(draft.minP),
    repeatPenalty: numberOr(draft.repeatPenalty),
  };
  const hasSampling = Object.values(sampling).some((value) => value !== null);
  const flash = draft.flashAttention.trim();
  const raw = {
    contextSize: numberOr(draft.contextSize, ['auto']),
    gpuLayers: numberOr(draft.gpuLayers, ['auto', 'max']),
    threads: numberOr(draft.threads, ['auto']),
    parallelSlots: numberOr(draft.parallelSlots),
    flashAttention: flash === '' ? null : flash === 'on' ? true : flash === 'off' ? false : flash,
    idleTtlSeconds: numberOr(draft.idleTtlSeconds),
    aliases: draft.aliases.trim() === '' ? null : draft.aliases.split(',').map((alias) => alias.trim()).filter(Boolean),
    systemPrompt: draft.systemPrompt === '' ? null : draft.systemPrompt,
    sampling: hasSampling ? Object.fromEntries(Object.entries(sampling).filter(([, value]) => value !== null)) : null,
  };
  const parsed = modelSettingsPatch.safeParse(raw);
  if (parsed.success) return { patch: parsed.data, errors: {} };
  const errors: Partial<Record<keyof SettingsDraft, string>> = {};
  for (const issue of parsed.error.issues) {
    const [first, second] = issue.path.map(String);
    const field = (first === 'sampling' ? second : first) as keyof SettingsDraft;
    errors[field] ??= issue.message;
  }
  return { patch: null, errors };
}
