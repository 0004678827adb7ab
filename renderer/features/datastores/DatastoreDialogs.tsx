import { useState, type FormEvent, type ReactNode } from 'react';
import type { DatastoreRecord, DatastoreVisibility } from '../../../common/rag.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNote } from '../../components/Notes.js';
import { EmbeddingModelSelect, NoEmbeddingModel, useEmbeddingOptions } from './EmbeddingModelPicker.js';
import { useDatastoresStore } from './store.js';

/** A dialog form's submit: `action` resolves with the failure in words, or null once done (then `onDone`). */
function useFormSubmit(action: () => Promise<string | null>, onDone?: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const failure = await action();
    setSaving(false);
    setError(failure);
    if (!failure) onDone?.();
  };
  return { error, isSaving, submit, clearError: () => setError(null) };
}

/** What each of these forms ends with: its failure in words, Cancel, and the one action. */
function FormEnd({ error, onCancel, canSubmit, testId, children }: { error: string | null; onCancel(): void; canSubmit: boolean; testId: string; children: ReactNode }) {
  return (
    <>
      <ErrorNote>{error}</ErrorNote>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={!canSubmit} data-testid={testId}>
          {children}
        </button>
      </div>
    </>
  );
}

/** A name and an embedding model; on success the new datastore opens. */
export function CreateDatastoreDialog({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(id: string): void }) {
  const [name, setName] = useState('');
  const [model, setModel] = useState('');
  const { options, listedOnce } = useEmbeddingOptions();
  const { error, isSaving, submit, clearError } = useFormSubmit(async () => {
    const created = await useDatastoresStore.getState().create({ name: name.trim(), model });
    if (typeof created === 'string') return created;
    setName('');
    close();
    onCreated(created.id);
    return null;
  });
  const close = () => {
    clearError();
    onClose();
  };
  return (
    <Dialog open={open} title="New datastore" onClose={close} testId="create-datastore">
      {listedOnce && options.length === 0 ? (
        <NoEmbeddingModel onNavigate={close} />
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="datastore-name">Name</label>
            <input id="datastore-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. Team handbook" autoFocus required data-testid="datastore-name" />
          </div>
          <div className="field">
            <label htmlFor="datastore-model">Embedding model</label>
            <EmbeddingModelSelect id="datastore-model" value={model} onChange={setModel} />
            <span className="hint">Every document and query is turned into vectors by this model; another one later means a reindex.</span>
          </div>
          <FormEnd error={error} onCancel={close} canSubmit={Boolean(name.trim() && model) && !isSaving} testId="datastore-create">
            {isSaving ? 'Creating…' : 'Create'}
          </FormEnd>
        </form>
      )}
    </Dialog>
  );
}

/** Rename, and who else may read it. */
export function EditDatastoreDialog({ record, onClose }: { record: DatastoreRecord | null; onClose(): void }) {
  return (
    <Dialog open={record !== null} title="Rename datastore" onClose={onClose} testId="edit-datastore">
      {record && <EditForm key={record.id} record={record} onClose={onClose} />}
    </Dialog>
  );
}

function EditForm({ record, onClose }: { record: DatastoreRecord; onClose(): void }) {
  const [name, setName] = useState(record.name);
  const [visibility, setVisibility] = useState<DatastoreVisibility>(record.visibility);
  const { error, isSaving, submit } = useFormSubmit(() => useDatastoresStore.getState().update(record.id, { name: name.trim(), visibility }), onClose);
  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="datastore-rename">Name</label>
        <input id="datastore-rename" value={name} onChange={(event) => setName(event.target.value)} autoFocus data-testid="datastore-rename" />
      </div>
      <div className="field field-check">
        <input id="datastore-public" type="checkbox" checked={visibility === 'public'} onChange={(event) => setVisibility(event.target.checked ? 'public' : 'private')} />
        <label htmlFor="datastore-public">Public: other keys may search it (not change it)</label>
      </div>
      <FormEnd error={error} onCancel={onClose} canSubmit={Boolean(name.trim()) && !isSaving} testId="datastore-save">
        Save
      </FormEnd>
    </form>
  );
}

/** Re-embeds everything with another model; the old index keeps answering until the new one is complete. */
export function ReindexDialog({ record, onClose }: { record: DatastoreRecord | null; onClose(): void }) {
  const [model, setModel] = useState('');
  const { options } = useEmbeddingOptions();
  const others = options.filter((option) => option.id !== record?.embeddingModel.id);
  const { error, isSaving, submit, clearError } = useFormSubmit(async () => (record ? useDatastoresStore.getState().reindex(record.id, model) : null), onClose);
  const close = () => {
    clearError();
    onClose();
  };
  return (
    <Dialog open={record !== null} title="Reindex with another model" onClose={close} testId="reindex-datastore">
      {record &&
        (others.length === 0 ? (
          <>
            <p className="dialog-text">No other model here can make embeddings; {record.embeddingModel.id} is the only one.</p>
            <NoEmbeddingModel onNavigate={close} />
          </>
        ) : (
          <form className="form" onSubmit={submit} noValidate>
            <p className="dialog-text">
              Every document of “{record.name}” is embedded again by the model you pick. Searches keep using {record.embeddingModel.id} until the new index is complete.
            </p>
            <div className="field">
              <label htmlFor="reindex-model">New embedding model</label>
              <EmbeddingModelSelect id="reindex-model" value={model} onChange={setModel} exclude={record.embeddingModel.id} />
            </div>
            <FormEnd error={error} onCancel={close} canSubmit={Boolean(model) && !isSaving} testId="reindex-start">
              Reindex
            </FormEnd>
          </form>
        ))}
    </Dialog>
  );
}
