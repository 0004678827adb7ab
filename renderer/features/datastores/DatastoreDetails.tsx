import { useEffect, useState } from 'react';
import type { DatastoreRecord } from '../../../common/rag.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ErrorNote, InfoNote, Time } from '../../components/Notes.js';
import { formatCount } from '../../lib/format.js';
import { EditDatastoreDialog, ReindexDialog } from './DatastoreDialogs.js';
import { DocumentList } from './DocumentList.js';
import { DropZone, IngestProgress } from './IngestPanel.js';
import { QueryPanel } from './QueryPanel.js';
import { useDatastoresStore } from './store.js';

/** One datastore: its facts and actions, files in with their progress, its documents, and a test query. */
export function DatastoreDetails({ record, mayChange, isUsable, onDeleted }: { record: DatastoreRecord; mayChange: boolean; isUsable: boolean; onDeleted(): void }) {
  const actionError = useDatastoresStore((state) => state.actionError);
  const [dialog, setDialog] = useState<'edit' | 'reindex' | 'delete' | null>(null);
  const { loadDocuments, remove } = useDatastoresStore.getState();
  useEffect(() => {
    if (isUsable) void loadDocuments(record.id);
  }, [record.id, isUsable, loadDocuments]);
  const canAct = mayChange && isUsable;
  return (
    <div className="ds-details" data-testid="datastore-details" data-datastore-id={record.id}>
      <section className="panel ds-head" aria-labelledby="datastore-title">
        <div className="details-head">
          <h2 id="datastore-title" data-testid="datastore-title">
            {record.name}
          </h2>
          {mayChange && (
            <div className="ds-actions">
              <button type="button" className="small" disabled={!canAct} onClick={() => setDialog('edit')} data-testid="datastore-edit">
                Rename
              </button>
              <button type="button" className="small" disabled={!canAct || record.reindexJobId !== null} onClick={() => setDialog('reindex')} data-testid="datastore-reindex">
                Reindex…
              </button>
              <button type="button" className="small danger" disabled={!canAct} onClick={() => setDialog('delete')} data-testid="datastore-delete">
                Delete
              </button>
            </div>
          )}
        </div>
        <dl className="facts">
          <dt>Embedding model</dt>
          <dd data-testid="datastore-model">
            {record.embeddingModel.id} <span className="muted">({record.embeddingModel.dimension}-dim)</span>
          </dd>
          <dt>Contents</dt>
          <dd>
            {formatCount(record.documentCount)} documents · {formatCount(record.chunkCount)} passages of up to {record.chunkSize} tokens
          </dd>
          <dt>Owner</dt>
          <dd>
            {record.ownerName} · {record.visibility === 'public' ? 'public: others may search it' : 'private'}
          </dd>
          <dt>Changed</dt>
          <dd>
            <Time value={record.updatedAt} />
          </dd>
        </dl>
        {!mayChange && (
          <InfoNote testId="datastore-readonly">
            Read-only: “{record.ownerName}” shares this datastore to search. Only its owner or an admin can add, remove or reindex documents.
          </InfoNote>
        )}
        <ErrorNote>{actionError}</ErrorNote>
      </section>
      {mayChange && (
        <section className="panel" aria-labelledby="add-title">
          <h2 id="add-title">Add documents</h2>
          <DropZone datastoreId={record.id} disabled={!canAct} />
        </section>
      )}
      <IngestProgress datastoreId={record.id} />
      <DocumentList datastoreId={record.id} mayChange={canAct} />
      <QueryPanel datastoreId={record.id} />
      <EditDatastoreDialog record={dialog === 'edit' ? record : null} onClose={() => setDialog(null)} />
      <ReindexDialog record={dialog === 'reindex' ? record : null} onClose={() => setDialog(null)} />
      <ConfirmDialog
        open={dialog === 'delete'}
        title={`Delete “${record.name}”?`}
        confirmLabel="Delete datastore"
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          if (await remove(record.id)) onDeleted();
        }}
      >
        Its {formatCount(record.documentCount)} documents and their index are deleted for good; chats that use it will no longer find them.
      </ConfirmDialog>
    </div>
  );
}
