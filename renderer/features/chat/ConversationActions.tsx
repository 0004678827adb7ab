import { useState, type FormEvent } from 'react';
import type { ConversationExportFormat } from '../../../common/conversations.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNote } from '../../components/Notes.js';
import { errorText } from '../../lib/errorText.js';
import { useChatStore } from './store.js';

/**
 * Saves text as a file through a blob link: the browser downloads it, and Electron's session shows its save
 * dialog for the same link, so both UIs take one path.
 */
function download(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by the time the click returns; revoke on the next turn to be safe.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The open conversation's title with rename, export (Markdown, JSON) and delete (undone from the list). */
export function ConversationActions() {
  const conversation = useChatStore((state) => state.conversation);
  const isStreaming = useChatStore((state) => state.activeRequestId !== null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { id, title } = conversation;

  const exportAs = async (format: ConversationExportFormat) => {
    if (!id) return;
    setError(null);
    try {
      const file = await useChatStore.getState().exportFile(id, format);
      download(file.fileName, file.mimeType, file.content);
    } catch (failure) {
      setError(`The export failed: ${errorText(failure)}`);
    }
  };
  const rename = async (event: FormEvent) => {
    event.preventDefault();
    if (!id || !renaming?.trim()) return;
    const failure = await useChatStore.getState().rename(id, renaming.trim());
    if (failure) setError(failure);
    else setRenaming(null);
  };

  return (
    <div className="conversation-actions">
      <h2 className="conversation-heading" data-testid="conversation-title" title={title}>
        {title}
      </h2>
      {id && (
        <div className="conversation-buttons">
          <button type="button" className="small ghost" onClick={() => { setError(null); setRenaming(title); }} data-testid="rename-conversation">
            Rename
          </button>
          <button type="button" className="small ghost" onClick={() => void exportAs('markdown')} data-testid="export-markdown">
            Export .md
          </button>
          <button type="button" className="small ghost" onClick={() => void exportAs('json')} data-testid="export-json">
            Export .json
          </button>
          <button type="button" className="small ghost danger" disabled={isStreaming} onClick={() => void useChatStore.getState().remove(id)} data-testid="delete-conversation">
            Delete
          </button>
        </div>
      )}
      {error && !renaming && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Dialog open={renaming !== null} title="Rename conversation" onClose={() => setRenaming(null)} testId="rename-dialog">
        <form onSubmit={(event) => void rename(event)} className="rename-form">
          <label htmlFor="conversation-title-input">Title</label>
          <input id="conversation-title-input" value={renaming ?? ''} maxLength={200} onChange={(event) => setRenaming(event.target.value)} autoFocus data-testid="rename-input" />
          <ErrorNote>{error}</ErrorNote>
          <div className="dialog-actions">
            <button type="button" onClick={() => setRenaming(null)}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!renaming?.trim()} data-testid="rename-save">
              Rename
            </button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
