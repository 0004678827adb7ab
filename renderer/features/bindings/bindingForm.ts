import { createBindingInput, servedName, type BindingKind, type BindingModel, type BindingSummary, type CreateBindingInput, type KeyStorage, type UpdateBindingInput } from '../../../common/bindings.js';

/** The add/edit form as typed: text fields as strings, the models as rows. */
export interface BindingDraft {
  name: string;
  kind: BindingKind;
  baseUrl: string;
  /** Write-only: empty keeps the saved key (or sends none for a new binding). */
  apiKey: string;
  removeKey: boolean;
  models: { name: string; alias: string }[];
  timeoutSeconds: string;
  enabled: boolean;
}

/** Where each kind's base URL points, as the field's example shows it. */
export const kindLabels: Record<BindingKind, { label: string; examples: string; urlExample: string }> = {
  openai: { label: 'OpenAI-compatible', examples: 'vLLM, llama.cpp’s server, TGI, LocalAI, LM Studio, OpenAI', urlExample: 'http://gpu-box:8000/v1' },
  ollama: { label: 'Ollama', examples: 'Ollama’s native API', urlExample: 'http://gpu-box:11434' },
};

export function emptyDraft(): BindingDraft {
  return { name: '', kind: 'openai', baseUrl: '', apiKey: '', removeKey: false, models: [{ name: '', alias: '' }], timeoutSeconds: '120', enabled: true };
}

export function draftOf(binding: BindingSummary): BindingDraft {
  return {
    name: binding.name,
    kind: binding.kind,
    baseUrl: binding.baseUrl,
    apiKey: '',
    removeKey: false,
    models: binding.models.map((model) => ({ name: model.name, alias: model.alias ?? '' })),
    timeoutSeconds: String(binding.timeoutMs / 1000),
    enabled: binding.enabled,
  };
}

/** What the server is told to do with the key, in the words the form shows beside the field. */
export function keyStorageText(storage: KeyStorage | null): string {
  if (storage === 'safeStorage') return 'The key is stored encrypted by the system and never shown again.';
  if (storage === 'file') return 'The key is stored in a file only you can read and never shown again.';
  return 'The key is stored on this machine, apart from the settings, and never shown again.';
}

export type DraftResult = { ok: true; input: CreateBindingInput } | { ok: false; errors: Partial<Record<'name' | 'baseUrl' | 'models' | 'timeoutSeconds' | 'apiKey', string>> };

/** Field names of the form, by the path zod reports. */
const fieldOf = (path: PropertyKey[]): keyof Extract<DraftResult, { ok: false }>['errors'] => {
  const head = String(path[0]);
  if (head === 'timeoutMs') return 'timeoutSeconds';
  return (['name', 'baseUrl', 'models', 'apiKey'] as const).find((field) => field === head) ?? 'name';
};

/** The draft as the server's create input, checked by the same schema the server applies. */
export function inputOf(draft: BindingDraft): DraftResult {
  const seconds = draft.timeoutSeconds.trim() === '' ? 120 : Number(draft.timeoutSeconds);
  const models: BindingModel[] = draft.models
    .filter((model) => model.name.trim())
    .map((model) => (model.alias.trim() ? { name: model.name.trim(), alias: model.alias.trim() } : { name: model.name.trim() }));
  const input: CreateBindingInput = {
    name: draft.name.trim(),
    kind: draft.kind,
    baseUrl: draft.baseUrl.trim(),
    models,
    timeoutMs: Math.round(seconds * 1000),
    enabled: draft.enabled,
    ...(draft.apiKey ? { apiKey: draft.apiKey } : {}),
  };
  const parsed = createBindingInput.safeParse(input);
  if (parsed.success) return { ok: true, input };
  const errors: Extract<DraftResult, { ok: false }>['errors'] = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path);
    errors[field] ??= messageFor(field, issue.message);
  }
  return { ok: false, errors };
}

function messageFor(field: string, fallback: string): string {
  if (field === 'name') return 'Give the binding a name.';
  if (field === 'baseUrl') return 'An http:// or https:// address, e.g. http://gpu-box:8000/v1.';
  if (field === 'models') return 'Name at least one model the upstream serves (a test of the connection lists them).';
  if (field === 'timeoutSeconds') return 'A timeout from 1 to 3600 seconds.';
  return fallback;
}

/** An edit as a patch: the key only when typed (or removed), everything else as the form holds it. */
export function patchOf(input: CreateBindingInput, draft: BindingDraft): UpdateBindingInput {
  const { apiKey: _typed, ...rest } = input;
  if (draft.apiKey) return { ...rest, apiKey: draft.apiKey };
  if (draft.removeKey) return { ...rest, apiKey: null };
  return rest;
}

/** The models an upstream lists that the binding does not expose yet, in its order. */
export function unexposed(binding: BindingSummary, listed: string[]): string[] {
  const exposed = new Set(binding.models.map((model) => model.name));
  return listed.filter((name) => !exposed.has(name));
}

/** How a binding's models read in the list: "alias (upstream name)" where they differ. */
export function modelLabel(model: BindingModel): string {
  return model.alias && model.alias !== model.name ? `${servedName(model)} (${model.name})` : model.name;
}
