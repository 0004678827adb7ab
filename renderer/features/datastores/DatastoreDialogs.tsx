import { useState, type FormEvent } from 'react';
import type { DatastoreRecord, DatastoreVisibility } from '../../../common/rag.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNote } from '../../components/Notes.js';
import { EmbeddingModelSelect, NoEmbeddingModel, useEmbeddingOptions } from './EmbeddingModelPicker.js';
import { useDatastoresStore } from './store.js';

/** A name and an embedding model; on success the new datastore opens. */
export function CreateDatastoreDialog({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(id: string): void }) {
  const [name, setName] = useState('');
  const [model, setModel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const { options, listedOnce } = useEmbeddingOptions();
  const close = () => {
    setError(null);
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const created = await useDatastoresStore.getState().create({ name: name.trim(), model });
    setSaving(false);
    if (typeof created === 'string') return setError(created);
    setName('');
    close();
    onCreated(created.id);
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
          <ErrorNote>{error}</ErrorNote>
          <div className="dialog-actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!name.trim() || !model || isSaving} data-testid="datastore-create">
              {isSaving ? 'Creating…' : 'Create'}
            </button>
          </div>
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
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const failure = await useDatastoresStore.getState().update(record.id, { name: name.trim(), visibility });
    if (failure) setError(failure);
    else onClose();
  };
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
      <ErrorNote>{error}</ErrorNote>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={!name.trim()} data-testid="datastore-save">
          Save
        </button>
      </div>
    </form>
  );
}

/** Re-embeds everything with another model; the old index keeps answering until the new one is complete. */
export function ReindexDialog({ record, onClose }: { record: DatastoreRecord | null; onClose(): void }) {
  const [model, setModel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { options } = useEmbeddingOptions();
  const others = options.filter((option) => option.id !== record?.embeddingModel.id);
  const close = () => {
    setError(null);
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!record) return;
    const failure = await useDatastoresStore.getState().reindex(record.id, model);
    if (failure) setError(failure);
    else close();
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
            <ErrorNote>{error}</ErrorNote>
            <div className="dialog-actions">
              <button type="button" onClick={close}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={!model} data-testid="reindex-start">
                Reindex
              </button>
            </div>
          </form>
        ))}
    </Dialog>
  );
}
