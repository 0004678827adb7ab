import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { CopyButton } from '../../components/CopyButton.js';
import { ipc } from '../../ipc/client.js';
import { useServerStore } from './store.js';

/**
 * Asks for an API key when the server refuses the web UI (first visit), or when the user chooses to switch
 * keys; shows the exact command that makes an admin key for this server. The key stays in this browser.
 */
export function ApiKeyDialog() {
  const needsApiKey = useServerStore((state) => state.status?.needsApiKey ?? false);
  const isOpen = useServerStore((state) => state.isKeyDialogOpen);
  const setup = useServerStore((state) => state.setup);
  const apiKeyError = useServerStore((state) => state.apiKeyError);
  const { saveApiKey, forgetApiKey, closeKeyDialog } = useServerStore.getState();
  const [key, setKey] = useState('');
  const [isSaving, setSaving] = useState(false);
  if (ipc.isElectron || (!needsApiKey && !isOpen)) return null;
  const hasKey = !!ipc.keys?.get();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    if (await saveApiKey(key)) setKey('');
    setSaving(false);
  };

  return (
    <Dialog open title={needsApiKey ? 'API key needed' : 'API key'} onClose={closeKeyDialog} required={needsApiKey && !isOpen} testId="api-key-dialog">
      <form onSubmit={submit} className="form">
        <p className="dialog-text">
          {needsApiKey ? 'This Hearth server requires an API key.' : 'Use another key in this browser, or forget the one saved.'} Create an admin key on the machine running Hearth:
        </p>
        {setup && (
          <div className="command">
            <pre data-testid="key-command">{setup.keyCommand}</pre>
            <CopyButton text={setup.keyCommand} label="Copy command" />
          </div>
        )}
        <label>
          API key
          <input type="password" autoFocus autoComplete="off" value={key} onChange={(event) => setKey(event.target.value)} placeholder="hearth_…" data-testid="api-key-input" />
        </label>
        {apiKeyError && (
          <p className="form-error" role="alert">
            {apiKeyError}
          </p>
        )}
        <div className="dialog-actions">
          {hasKey && (
            <button type="button" className="ghost" onClick={() => void forgetApiKey()} data-testid="forget-key">
              Forget saved key
            </button>
          )}
          <button type="submit" className="primary" disabled={!key.trim() || isSaving}>
            {isSaving ? 'Checking…' : 'Save key'}
          </button>
        </div>
        <p className="hint">The key is kept in this browser only. A user key gives read-only screens; an admin key can change everything.</p>
      </form>
    </Dialog>
  );
}
