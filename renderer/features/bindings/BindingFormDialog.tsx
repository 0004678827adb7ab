import { useEffect, useId, useState, type FormEvent } from 'react';
import type { BindingKind, BindingSummary, KeyStorage } from '../../../common/bindings.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNote } from '../../components/Notes.js';
import { draftOf, emptyDraft, inputOf, kindLabels, keyStorageText, patchOf, type BindingDraft, type DraftResult } from './bindingForm.js';
import { useBindingsStore } from './store.js';

type FieldErrors = Extract<DraftResult, { ok: false }>['errors'];

interface BindingFormDialogProps {
  /** The binding to edit; null adds one. */
  binding: BindingSummary | null;
  open: boolean;
  /** Where keys are kept, when the server has said so for another binding. */
  keyStorage: KeyStorage | null;
  onClose(): void;
}

/** Add or edit an upstream: kind, address, key (write-only), the models it exposes and their aliases, timeout. */
export function BindingFormDialog({ binding, open, keyStorage, onClose }: BindingFormDialogProps) {
  const [draft, setDraft] = useState<BindingDraft>(emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const ids = useId();

  useEffect(() => {
    if (!open) return;
    setDraft(binding ? draftOf(binding) : emptyDraft());
    setErrors({});
    setFailure(null);
  }, [open, binding]);

  const set = <K extends keyof BindingDraft>(key: K, value: BindingDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const setModel = (index: number, field: 'name' | 'alias', value: string) =>
    setDraft((current) => ({ ...current, models: current.models.map((model, at) => (at === index ? { ...model, [field]: value } : model)) }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = inputOf(draft);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setSaving(true);
    const error = await useBindingsStore.getState().save(binding?.id ?? null, binding ? patchOf(checked.input, draft) : checked.input);
    setSaving(false);
    if (error) return setFailure(error);
    onClose();
  };

  const field = (name: string) => `${ids}-${name}`;
  const errorOf = (name: keyof FieldErrors) =>
    errors[name] && (
      <span className="field-error" id={field(`${name}-error`)}>
        {errors[name]}
      </span>
    );
  const invalid = (name: keyof FieldErrors) => (errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': field(`${name}-error`) } : {});

  return (
    <Dialog open={open} title={binding ? `Edit “${binding.name}”` : 'Add a binding'} onClose={onClose} wide testId="binding-form">
      <form className="form binding-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="fields">
          <div className="field">
            <label htmlFor={field('name')}>Name</label>
            <input id={field('name')} value={draft.name} onChange={(event) => set('name', event.target.value)} placeholder="e.g. gpu-box" data-testid="binding-name" {...invalid('name')} />
            {errorOf('name')}
          </div>
          <div className="field">
            <label htmlFor={field('kind')}>Kind</label>
            <select id={field('kind')} value={draft.kind} onChange={(event) => set('kind', event.target.value as BindingKind)} data-testid="binding-kind">
              {(Object.keys(kindLabels) as BindingKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {kindLabels[kind].label}
                </option>
              ))}
            </select>
            <span className="hint">{kindLabels[draft.kind].examples}</span>
          </div>
          <div className="field field-wide">
            <label htmlFor={field('url')}>Base URL</label>
            <input id={field('url')} type="url" value={draft.baseUrl} onChange={(event) => set('baseUrl', event.target.value)} placeholder={kindLabels[draft.kind].urlExample} data-testid="binding-url" {...invalid('baseUrl')} />
            {errorOf('baseUrl') ?? <span className="hint">{draft.kind === 'openai' ? 'The address the API paths follow, usually ending in /v1.' : 'The Ollama server itself, without /api.'}</span>}
          </div>
          <div className="field field-wide">
            <label htmlFor={field('key')}>API key</label>
            <input
              id={field('key')}
              type="password"
              autoComplete="off"
              value={draft.apiKey}
              onChange={(event) => set('apiKey', event.target.value)}
              placeholder={binding?.hasApiKey ? 'saved — type to replace' : 'none (optional)'}
              aria-describedby={field('key-where')}
              data-testid="binding-key"
            />
            <span className="hint" id={field('key-where')} data-testid="binding-key-storage">
              {keyStorageText(binding?.keyStorage ?? keyStorage)}
            </span>
            {binding?.hasApiKey && !draft.apiKey && (
              <label className="checkbox-row">
                <input type="checkbox" checked={draft.removeKey} onChange={(event) => set('removeKey', event.target.checked)} data-testid="binding-remove-key" />
                Remove the saved key
              </label>
            )}
          </div>
        </div>
        <fieldset className="binding-models" aria-describedby={errors.models ? field('models-error') : undefined}>
          <legend>Models to expose</legend>
          <p className="hint">The upstream’s model name, and the name Hearth’s clients use for it (the same when left empty).</p>
          {draft.models.map((model, index) => (
            <div className="binding-model-row" key={index} data-testid="binding-model-row">
              <input value={model.name} onChange={(event) => setModel(index, 'name', event.target.value)} placeholder="upstream model name" aria-label={`Model ${index + 1}: upstream name`} data-testid="binding-model-name" />
              <input value={model.alias} onChange={(event) => setModel(index, 'alias', event.target.value)} placeholder="alias (optional)" aria-label={`Model ${index + 1}: alias`} data-testid="binding-model-alias" />
              <button
                type="button"
                className="small ghost"
                onClick={() => set('models', draft.models.filter((_, at) => at !== index))}
                disabled={draft.models.length === 1}
                aria-label={`Remove model ${index + 1}`}
              >
                ✕
              </button>
            </div>
          ))}
          <div>
            <button type="button" className="small" onClick={() => set('models', [...draft.models, { name: '', alias: '' }])} data-testid="binding-add-model">
              Add a model
            </button>
          </div>
          {errorOf('models')}
        </fieldset>
        <div className="fields">
          <div className="field">
            <label htmlFor={field('timeout')}>Timeout (seconds)</label>
            <input id={field('timeout')} inputMode="numeric" value={draft.timeoutSeconds} onChange={(event) => set('timeoutSeconds', event.target.value)} data-testid="binding-timeout" {...invalid('timeoutSeconds')} />
            {errorOf('timeoutSeconds') ?? <span className="hint">How long to wait for the upstream’s first byte.</span>}
          </div>
          <div className="field field-check">
            <input id={field('enabled')} type="checkbox" checked={draft.enabled} onChange={(event) => set('enabled', event.target.checked)} />
            <label htmlFor={field('enabled')}>Serve its models</label>
          </div>
        </div>
        <ErrorNote testId="binding-form-error">{failure}</ErrorNote>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={isSaving} data-testid="binding-save">
            {isSaving ? 'Saving…' : binding ? 'Save changes' : 'Add binding'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
