import { useState, type FormEvent } from 'react';
import { useServerStore } from './store.js';

/** Asks for an API key when the server refuses the web UI's requests; the key stays in this browser's localStorage. */
export function ApiKeyDialog() {
  const needsApiKey = useServerStore((state) => state.status?.needsApiKey ?? false);
  const apiKeyError = useServerStore((state) => state.apiKeyError);
  const saveApiKey = useServerStore((state) => state.saveApiKey);
  const [key, setKey] = useState('');
  const [isSaving, setSaving] = useState(false);
  if (!needsApiKey) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    await saveApiKey(key);
    setSaving(false);
  };

  return (
    <div className="dialog-backdrop">
      <form className="dialog" onSubmit={submit} data-testid="api-key-dialog" aria-labelledby="api-key-title">
        <h2 id="api-key-title">API key needed</h2>
        <p>This Hearth server requires an API key. Create one on the machine running Hearth:</p>
        <pre>npm run hearth -- keys create --alias web-ui</pre>
        <label>
          API key
          <input type="password" autoFocus autoComplete="off" value={key} onChange={(event) => setKey(event.target.value)} placeholder="hearth_…" data-testid="api-key-input" />
        </label>
        {apiKeyError && <p className="form-error" role="alert">{apiKeyError}</p>}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={!key.trim() || isSaving}>
            {isSaving ? 'Checking…' : 'Save key'}
          </button>
        </div>
        <p className="hint">The key is kept in this browser only.</p>
      </form>
    </div>
  );
}
