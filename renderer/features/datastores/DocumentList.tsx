import { useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { DocumentRecord } from '../../../common/rag.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { EmptyState, Time } from '../../components/Notes.js';
import { formatBytes, formatCount } from '../../lib/format.js';
import { documentStatusText, documentTypeLabel } from './model.js';
import { useDatastoresStore } from './store.js';

const columns = ['Title', 'Type', 'Chunks', 'Size', 'Added', 'Status'];

function DocumentRow({ document, mayChange, onRemove }: { document: DocumentRecord; mayChange: boolean; onRemove(): void }) {
  return (
    <div className="ds-doc-row" role="row" data-testid="document-row" data-status={document.status} data-document-id={document.id}>
      <span role="cell" className="ds-doc-title" title={document.sourceName}>
        {document.title}
      </span>
      <span role="cell">{documentTypeLabel(document.mimeType)}</span>
      <span role="cell" className="num">
        {formatCount(document.chunkCount)}
      </span>
      <span role="cell" className="num">
        {formatBytes(document.bytes)}
      </span>
      <span role="cell">
        <Time value={document.addedAt} />
      </span>
      <span role="cell" className={`badge ds-status-${document.status}`}>
        {documentStatusText(document.status)}
      </span>
      <span role="cell" className="ds-doc-action">
        {mayChange && (
          <button type="button" className="small ghost" onClick={onRemove} aria-label={`Remove ${document.title}`} data-testid="document-remove">
            Remove
          </button>
        )}
      </span>
      {document.error && (
        <span role="cell" className="ds-doc-error" data-testid="document-error">
          {document.error}
        </span>
      )}
    </div>
  );
}

/** A datastore's documents, newest first; virtualized, since a datastore may hold thousands. */
export function DocumentList({ datastoreId, mayChange }: { datastoreId: string; mayChange: boolean }) {
  const documents = useDatastoresStore((state) => state.documents[datastoreId]);
  const [pending, setPending] = useState<DocumentRecord | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const shown = [...(documents ?? [])].sort((a, b) => b.addedAt - a.addedAt);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => 38, overscan: 8 });
  const totalBytes = shown.reduce((sum, document) => sum + document.bytes, 0);
  return (
    <section className="panel" aria-labelledby="documents-title" data-testid="documents">
      <div className="panel-head">
        <h2 id="documents-title">Documents</h2>
        {documents && (
          <span className="muted" data-testid="documents-total">
            {shown.length} · {formatBytes(totalBytes)}
          </span>
        )}
      </div>
      {!documents ? (
        <p className="muted">Reading documents…</p>
      ) : shown.length === 0 ? (
        <EmptyState title="No documents yet">
          <p>Drop files above, or add them with the picker.</p>
        </EmptyState>
      ) : (
        <div className="ds-docs" role="table" aria-label="Documents" aria-rowcount={shown.length}>
          <div className="ds-doc-row ds-doc-header" role="row">
            {columns.map((name) => (
              <span role="columnheader" key={name} className={name === 'Chunks' || name === 'Size' ? 'num' : undefined}>
                {name}
              </span>
            ))}
            <span role="columnheader">
              <span className="visually-hidden">Actions</span>
            </span>
          </div>
          <div className="ds-docs-body" ref={scroller} tabIndex={0} aria-label="Document list">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => (
                <div key={item.key} className="ds-doc-slot" data-index={item.index} ref={virtualizer.measureElement} style={{ transform: `translateY(${item.start}px)` }}>
                  <DocumentRow document={shown[item.index]!} mayChange={mayChange} onRemove={() => setPending(shown[item.index]!)} />
                </div>
              ))}
            </div>
          </div>
        </div>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={pending ? `Remove “${pending.title}”?` : ''}
        confirmLabel="Remove"
        onClose={() => setPending(null)}
        onConfirm={async () => {
          if (pending) await useDatastoresStore.getState().removeDocument(datastoreId, pending.id);
        }}
      >
        Its passages leave the datastore at once; add the file again to bring them back.
      </ConfirmDialog>
    </section>
  );
}
