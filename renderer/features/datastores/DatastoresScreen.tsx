import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { DatastoreRecord } from '../../../common/rag.js';
import { EmptyState, ErrorNote, InfoNote } from '../../components/Notes.js';
import { Screen } from '../../components/Screen.js';
import { ipc } from '../../ipc/client.js';
import { formatCount } from '../../lib/format.js';
import { useRefreshWhileShown } from '../../lib/useRefreshWhileShown.js';
import { isUsable, useServerStore } from '../server/store.js';
import { CreateDatastoreDialog } from './DatastoreDialogs.js';
import { DatastoreDetails } from './DatastoreDetails.js';
import { canWrite, keyIdOf } from './model.js';
import { useDatastoresStore } from './store.js';
import './datastores.css';

/** Whether this page's key may change a datastore (its own, or any for an admin and the desktop app). */
function useCanWrite(): (record: DatastoreRecord) => boolean {
  const role = useServerStore((state) => state.status?.role);
  const ownKeyId = keyIdOf(ipc.keys?.get());
  return (record) => canWrite(record, role, ownKeyId);
}

function DatastoreRow({ record, isSelected, isReadOnly }: { record: DatastoreRecord; isSelected: boolean; isReadOnly: boolean }) {
  const isReindexing = record.reindexJobId !== null;
  return (
    <li className={`ds-row${isSelected ? ' selected' : ''}`} data-testid="datastore-row" data-datastore-id={record.id}>
      <Link href={`/datastores/${encodeURIComponent(record.id)}`} className="model-link" aria-current={isSelected ? 'true' : undefined}>
        {record.name}
      </Link>
      <span className="model-facts">
        {formatCount(record.documentCount)} docs · {formatCount(record.chunkCount)} passages · {record.embeddingModel.id}
      </span>
      <span className="model-facts">
        {record.ownerName} · {record.visibility}
        {isReadOnly && ' · read-only'}
        {isReindexing && ' · reindexing…'}
      </span>
    </li>
  );
}

/** AnythingLLM's document manager, in Hearth's frame: datastores on the left, the open one beside them. */
export function DatastoresScreen({ selectedId }: { selectedId: string | null }) {
  useRefreshWhileShown(useDatastoresStore.getState().refresh);
  const datastores = useDatastoresStore((state) => state.datastores);
  const listedOnce = useDatastoresStore((state) => state.listedOnce);
  const error = useDatastoresStore((state) => state.error);
  const usable = useServerStore((state) => isUsable(state.status));
  const mayWrite = useCanWrite();
  const [isCreating, setCreating] = useState(false);
  const [, navigate] = useLocation();
  const sorted = [...datastores].sort((a, b) => a.name.localeCompare(b.name));
  const selected = datastores.find((record) => record.id === selectedId);
  return (
    <Screen
      title="Datastores"
      testId="datastores-screen"
      actions={
        <button type="button" className="primary small" disabled={!usable} onClick={() => setCreating(true)} data-testid="datastore-new">
          New datastore
        </button>
      }
    >
      <ErrorNote onRetry={() => void useDatastoresStore.getState().refresh()}>{error}</ErrorNote>
      {!listedOnce && !error && <InfoNote>Reading datastores…</InfoNote>}
      {listedOnce && datastores.length === 0 && !error && (
        <EmptyState title="No datastores yet">
          <p>A datastore holds your documents, indexed so chats can cite them. Create one, then drop files on it.</p>
          <button type="button" className="primary" disabled={!usable} onClick={() => setCreating(true)}>
            Create a datastore
          </button>
        </EmptyState>
      )}
      {selectedId && listedOnce && !selected && <ErrorNote>This datastore does not exist any more, or this key may not see it.</ErrorNote>}
      {datastores.length > 0 && (
        <div className={`split${selected ? ' has-details ds-split' : ''}`}>
          <ul className="ds-list" aria-label="Datastores">
            {sorted.map((record) => (
              <DatastoreRow key={record.id} record={record} isSelected={record.id === selectedId} isReadOnly={!mayWrite(record)} />
            ))}
          </ul>
          {selected && <DatastoreDetails key={selected.id} record={selected} mayChange={mayWrite(selected)} isUsable={usable} onDeleted={() => navigate('/datastores')} />}
        </div>
      )}
      <CreateDatastoreDialog open={isCreating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/datastores/${encodeURIComponent(id)}`)} />
    </Screen>
  );
}
