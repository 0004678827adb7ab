import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { LocalModel } from '../../../common/library.js';
import type { ModelSummary } from '../../../common/ipc/contract.js';
import type { ModelLoadSettings } from '../../../common/settings.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ErrorNote, InfoNote } from '../../components/Notes.js';
import { formatBytes, formatCount } from '../../lib/format.js';
import { canChange, useServerStore } from '../server/store.js';
import { draftOf, patchOf, type SettingsDraft } from './settingsForm.js';
import { useModelsStore } from './store.js';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children ?? '—'}</dd>
    </>
  );
}

interface FieldProps {
  name: keyof SettingsDraft;
  label: string;
  hint?: string;
  draft: SettingsDraft;
  errors: Partial<Record<keyof SettingsDraft, string>>;
  placeholder?: string;
  disabled: boolean;
  onChange(name: keyof SettingsDraft, value: string): void;
  multiline?: boolean;
}

function Field({ name, label, hint, draft, errors, placeholder, disabled, onChange, multiline }: FieldProps) {
  const id = `setting-${name}`;
  const error = errors[name];
  const common = {
    id,
    name,
    value: draft[name],
    disabled,
    placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : hint ? `${id}-hint` : undefined,
    'data-testid': id,
  };
  return (
    <div className={`field${multiline ? ' field-wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={3} {...common} onChange={(event) => onChange(name, event.target.value)} /> : <input {...common} onChange={(event) => onChange(name, event.target.value)} />}
      {error ? (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : (
        hint && (
          <span className="hint" id={`${id}-hint`}>
            {hint}
          </span>
        )
      )}
    </div>
  );
}

function SettingsForm({ id, settings, defaults, disabled }: { id: string; settings: ModelLoadSettings; defaults: ModelLoadSettings; disabled: boolean }) {
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [errors, setErrors] = useState<Partial<Record<keyof SettingsDraft, string>>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const state = useModelsStore((s) => s.models.find((model) => model.id === id)?.state);
  const change = (name: keyof SettingsDraft, value: string) => {
    setDraft((current) => ({ ...current, [name]: value }));
    setSaved(false);
    setErrors((current) => {
      const { [name]: _cleared, ...rest } = current;
      return rest;
    });
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { patch, errors: found } = patchOf(draft);
    setErrors(found);
    if (!patch) return;
    setSaving(true);
    const error = await useModelsStore.getState().saveSettings(id, patch);
    setSaving(false);
    setSaveError(error);
    setSaved(error === null);
  };
  const fieldProps = { draft, errors, disabled, onChange: change };
  const def = (value: unknown, fallback: string) => `default: ${value ?? fallback}`;
  return (
    <form className="form settings-form" onSubmit={submit} aria-label={`Load settings of ${id}`} noValidate>
      <h3>Load settings</h3>
      <p className="hint">Empty fields use Hearth's defaults. Changes apply at the next load{state === 'loaded' ? ': unload and load the model to use them now' : ''}.</p>
      <div className="fields">
        <Field name="contextSize" label="Context size (tokens)" placeholder={def(defaults.contextSize, 'auto')} {...fieldProps} />
        <Field name="gpuLayers" label="GPU layers" hint="auto, max or a number" placeholder={def(defaults.gpuLayers, 'auto')} {...fieldProps} />
        <Field name="threads" label="Threads" placeholder={def(defaults.threads, 'auto')} {...fieldProps} />
        <Field name="parallelSlots" label="Parallel slots" placeholder={def(defaults.parallelSlots, '4')} {...fieldProps} />
        <div className="field">
          <label htmlFor="setting-flashAttention">Flash attention</label>
          <select id="setting-flashAttention" value={draft.flashAttention} disabled={disabled} onChange={(event) => change('flashAttention', event.target.value)} data-testid="setting-flashAttention">
            <option value="">Default ({String(defaults.flashAttention ?? 'auto')})</option>
            <option value="auto">auto</option>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        </div>
        <Field name="idleTtlSeconds" label="Unload after idle (s)" hint="0 at once, -1 never" placeholder={def(defaults.idleTtlSeconds, '600')} {...fieldProps} />
        <Field name="aliases" label="Aliases" hint="other names, comma-separated" {...fieldProps} />
        <Field name="temperature" label="Temperature" placeholder={def(defaults.sampling?.temperature, 'model')} {...fieldProps} />
        <Field name="topP" label="Top P" {...fieldProps} />
        <Field name="topK" label="Top K" {...fieldProps} />
        <Field name="minP" label="Min P" {...fieldProps} />
        <Field name="repeatPenalty" label="Repeat penalty" {...fieldProps} />
        <Field name="systemPrompt" label="System prompt" multiline {...fieldProps} />
      </div>
      <ErrorNote>{saveError}</ErrorNote>
      <div className="form-actions">
        {saved && (
          <span className="ok-text" role="status" data-testid="settings-saved">
            Saved
          </span>
        )}
        <button type="submit" className="primary" disabled={disabled || isSaving} data-testid="settings-save">
          {isSaving ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

/** One model: what the file says, its load settings, and delete. */
export function ModelDetails({ model, details, onClose }: { model: ModelSummary; details: LocalModel | undefined; onClose(): void }) {
  const mayChange = useServerStore((state) => canChange(state.status));
  const [confirming, setConfirming] = useState(false);
  const [defaults, setDefaults] = useState<ModelLoadSettings | null>(null);
  const error = useModelsStore((state) => state.errors[model.id]);
  useEffect(() => {
    if (!mayChange) return;
    void useModelsStore
      .getState()
      .getSettings(model.id)
      .then((view) => setDefaults(view.defaults), () => setDefaults({}));
  }, [model.id, mayChange]);
  const loaded = model.loaded;
  return (
    <aside className="details" aria-label={`Details of ${model.id}`} data-testid="model-details">
      <div className="details-head">
        <h2>{model.id}</h2>
        <button type="button" className="ghost small" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      <dl className="facts">
        <Fact label="Size">{formatBytes(details?.sizeBytes ?? model.sizeBytes)}</Fact>
        <Fact label="Parameters">{details?.parameterCount || model.parameterCount ? formatCount(details?.parameterCount ?? model.parameterCount) : null}</Fact>
        <Fact label="Quantization">{details?.quantization ?? model.fileType}</Fact>
        <Fact label="Context length">{details?.contextLength ?? model.trainContextSize}</Fact>
        <Fact label="Architecture">{details?.architecture ?? model.architecture}</Fact>
        <Fact label="Chat template">{(details?.hasChatTemplate ?? model.hasChatTemplate) ? 'yes' : 'no'}</Fact>
        <Fact label="Source">{details?.source ?? 'added by hand'}</Fact>
        <Fact label="sha256">{details?.sha256 ? <code className="hash" title="Verified against the published checksum when downloaded">{details.sha256}</code> : null}</Fact>
        {loaded && <Fact label="Loaded with">{`${loaded.contextSize} tokens × ${loaded.parallelSlots} slots, ${loaded.threads} threads, ${loaded.gpuLayers} GPU layers`}</Fact>}
      </dl>
      {details?.error && <ErrorNote>{details.error}</ErrorNote>}
      {!mayChange && <InfoNote>Load settings and delete need an admin key.</InfoNote>}
      {mayChange && details && defaults && <SettingsForm id={model.id} settings={details.settings} defaults={defaults} disabled={!mayChange} />}
      {mayChange && (
        <div className="danger-zone">
          <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="model-delete">
            Delete model…
          </button>
          {error && <ErrorNote>{error}</ErrorNote>}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Delete ${model.id}?`}
        confirmLabel="Delete"
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          if (await useModelsStore.getState().remove(model.id)) onClose();
        }}
      >
        The file ({formatBytes(model.sizeBytes)}) is removed from the models folder{model.state === 'loaded' ? ', after the model is unloaded' : ''}. Downloading it again takes time.
      </ConfirmDialog>
    </aside>
  );
}
