import { useState } from 'react';
import { assistantDatastoreIds, type Assistant } from '../../../common/assistants.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { CopyButton } from '../../components/CopyButton.js';
import { Dialog } from '../../components/Dialog.js';
import { EmptyState, ErrorNote, InfoNote } from '../../components/Notes.js';
import { Screen } from '../../components/Screen.js';
import { useRefreshWhileShown } from '../../lib/useRefreshWhileShown.js';
import { useDatastoresStore } from '../datastores/store.js';
import { useModelsStore } from '../models/store.js';
import { canChange, useServerStore } from '../server/store.js';
import { AssistantForm } from './AssistantForm.js';
import { assistantSnippet } from './snippets.js';
import { useAssistantsStore } from './store.js';
import './assistants.css';

// The form offers the datastores this key may read: the datastores store's list, which chat settings read too.
const refreshAll = () => Promise.all([useAssistantsStore.getState().refresh(), useModelsStore.getState().refresh(), useDatastoresStore.getState().refresh()]).then(() => undefined);

/** The `openai` call with the assistant as its model, for the app that will use it. */
function UseItDialog({ assistant, onClose }: { assistant: Assistant; onClose(): void }) {
  const url = useServerStore((state) => state.status?.url ?? window.location.origin);
  const snippet = assistantSnippet(url, assistant.id);
  return (
    <Dialog open title={`Use “${assistant.name ?? assistant.id}”`} onClose={onClose} wide testId="assistant-use">
      <p className="dialog-text">
        Any OpenAI or Ollama client uses it by putting its id (or its name) where a model goes. Its instructions, sampling and datastores apply; the request's own settings win.
      </p>
      <div className="command">
        <code data-testid="assistant-use-id">{assistant.id}</code>
        <CopyButton text={assistant.id} label="Copy id" />
      </div>
      <h3>OpenAI client (JavaScript)</h3>
      <div className="command">
        <pre data-testid="assistant-snippet">{snippet}</pre>
        <CopyButton text={snippet} />
      </div>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Done
        </button>
      </div>
    </Dialog>
  );
}

function AssistantRow({ assistant, mayChange, onEdit, onDelete, onUse }: { assistant: Assistant; mayChange: boolean; onEdit(): void; onDelete(): void; onUse(): void }) {
  const datastores = useDatastoresStore((state) => state.datastores);
  const attached = assistantDatastoreIds(assistant).map((id) => datastores.find((d) => d.id === id)?.name ?? id);
  const label = assistant.name ?? assistant.id;
  return (
    <li className="assistant-card panel" data-testid="assistant-row" data-assistant-id={assistant.id}>
      <div className="assistant-head">
        <h2 className="assistant-name">{label}</h2>
        <div className="row-actions">
          <button type="button" className="small primary" onClick={onUse} aria-label={`Use ${label}`} data-testid="assistant-use-button">
            Use it
          </button>
          {mayChange && (
            <>
              <button type="button" className="small" onClick={onEdit} aria-label={`Edit ${label}`}>
                Edit
              </button>
              <button type="button" className="small ghost" onClick={onDelete} aria-label={`Delete ${label}`}>
                Delete
              </button>
            </>
          )}
        </div>
      </div>
      {assistant.description && <p className="assistant-description">{assistant.description}</p>}
      <dl className="assistant-facts">
        <div>
          <dt>Model</dt>
          <dd>{assistant.model}</dd>
        </div>
        <div>
          <dt>Temperature</dt>
          <dd>{assistant.temperature ?? 'model default'}</dd>
        </div>
        <div>
          <dt>Top-p</dt>
          <dd>{assistant.top_p ?? 'model default'}</dd>
        </div>
        <div>
          <dt>Answers in</dt>
          <dd>{assistant.response_format === 'auto' || assistant.response_format.type === 'text' ? 'text' : assistant.response_format.type === 'json_object' ? 'JSON' : 'JSON schema'}</dd>
        </div>
        <div>
          <dt>Datastores</dt>
          <dd>{attached.length > 0 ? attached.join(', ') : 'none'}</dd>
        </div>
      </dl>
      {assistant.instructions && <p className="assistant-instructions">{assistant.instructions}</p>}
    </li>
  );
}

/** Assistants: shared presets any client uses by naming one as its model (served as /v1/assistants). */
export function AssistantsScreen() {
  useRefreshWhileShown(refreshAll);
  const assistants = useAssistantsStore((state) => state.assistants);
  const error = useAssistantsStore((state) => state.error);
  const isLoading = useAssistantsStore((state) => state.isLoading);
  const mayChange = useServerStore((state) => canChange(state.status));
  const [editing, setEditing] = useState<Assistant | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Assistant | null>(null);
  const [using, setUsing] = useState<Assistant | null>(null);
  return (
    <Screen
      title="Assistants"
      testId="assistants-screen"
      actions={
        mayChange && (
          <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="assistant-new">
            New assistant
          </button>
        )
      }
    >
      {!mayChange && <InfoNote testId="assistants-readonly">Assistants are made and changed with an admin key; this key may use them.</InfoNote>}
      <ErrorNote onRetry={() => void refreshAll()}>{error}</ErrorNote>
      {assistants.length === 0 && !isLoading ? (
        <EmptyState title="No assistants yet">
          <p>An assistant is a model with instructions, sampling and datastores, saved under a name that any app can use as its model.</p>
        </EmptyState>
      ) : (
        <ul className="assistant-list" aria-label="Assistants">
          {assistants.map((assistant) => (
            <AssistantRow key={assistant.id} assistant={assistant} mayChange={mayChange} onEdit={() => setEditing(assistant)} onDelete={() => setDeleting(assistant)} onUse={() => setUsing(assistant)} />
          ))}
        </ul>
      )}
      {editing && <AssistantForm assistant={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {using && <UseItDialog assistant={using} onClose={() => setUsing(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? `Delete “${deleting.name ?? deleting.id}”?` : ''}
        confirmLabel="Delete"
        onClose={() => setDeleting(null)}
        onConfirm={() => (deleting ? useAssistantsStore.getState().remove(deleting.id) : undefined)}
      >
        Apps that use it as their model get “model not found” from then on. Its datastores stay.
      </ConfirmDialog>
    </Screen>
  );
}
