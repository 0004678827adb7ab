import { useRefreshWhileShown } from '../../lib/useRefreshWhileShown.js';
import { useState, type FormEvent } from 'react';
import type { ApiKeySummary, CreateKeyInput } from '../../../common/keys.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { CopyButton } from '../../components/CopyButton.js';
import { Dialog } from '../../components/Dialog.js';
import { EmptyState, ErrorNote, InfoNote, Time } from '../../components/Notes.js';
import { Screen } from '../../components/Screen.js';
import { formatCount } from '../../lib/format.js';
import { useModelsStore } from '../models/store.js';
import { canChange, useServerStore } from '../server/store.js';
import { keySnippets } from './snippets.js';
import { useKeysStore } from './store.js';

const optionalInt = (value: string) => (value.trim() === '' ? undefined : Number(value));

function CreateKeyForm() {
  const [alias, setAlias] = useState('');
  const [role, setRole] = useState<'user' | 'admin'>('user');
  const [rpm, setRpm] = useState('');
  const [burst, setBurst] = useState('');
  const [maxConcurrent, setMaxConcurrent] = useState('');
  const [expiresInDays, setExpiresInDays] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const rateLimit = { requestsPerMinute: optionalInt(rpm), burst: optionalInt(burst), maxConcurrent: optionalInt(maxConcurrent) };
    const days = optionalInt(expiresInDays);
    const input: CreateKeyInput = { alias: alias.trim(), role };
    if (Object.values(rateLimit).some((value) => value !== undefined)) input.rateLimit = rateLimit;
    if (days !== undefined) input.expiresAt = Number.isFinite(days) && days > 0 ? new Date(Date.now() + days * 86_400_000).toISOString() : 'never';
    setSaving(true);
    const failure = await useKeysStore.getState().create(input);
    setSaving(false);
    setError(failure);
    if (!failure) {
      setAlias('');
      setRpm('');
      setBurst('');
      setMaxConcurrent('');
      setExpiresInDays('');
    }
  };
  return (
    <form className="form panel" onSubmit={submit} aria-labelledby="create-key-title" data-testid="create-key-form" noValidate>
      <h2 id="create-key-title">Create a key</h2>
      <div className="fields">
        <div className="field">
          <label htmlFor="key-alias">Name</label>
          <input id="key-alias" value={alias} onChange={(event) => setAlias(event.target.value)} placeholder="e.g. my-editor" required data-testid="key-alias" />
        </div>
        <div className="field">
          <label htmlFor="key-role">Role</label>
          <select id="key-role" value={role} onChange={(event) => setRole(event.target.value as 'user' | 'admin')} data-testid="key-role">
            <option value="user">user — use models</option>
            <option value="admin">admin — also manage Hearth</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="key-rpm">Requests per minute</label>
          <input id="key-rpm" inputMode="numeric" value={rpm} onChange={(event) => setRpm(event.target.value)} placeholder="server default" />
        </div>
        <div className="field">
          <label htmlFor="key-burst">Burst</label>
          <input id="key-burst" inputMode="numeric" value={burst} onChange={(event) => setBurst(event.target.value)} placeholder="server default" />
        </div>
        <div className="field">
          <label htmlFor="key-concurrent">At once</label>
          <input id="key-concurrent" inputMode="numeric" value={maxConcurrent} onChange={(event) => setMaxConcurrent(event.target.value)} placeholder="server default" />
        </div>
        <div className="field">
          <label htmlFor="key-expiry">Expires in (days)</label>
          <input id="key-expiry" inputMode="numeric" value={expiresInDays} onChange={(event) => setExpiresInDays(event.target.value)} placeholder="never" />
        </div>
      </div>
      <ErrorNote>{error}</ErrorNote>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!alias.trim() || isSaving} data-testid="key-create">
          {isSaving ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}

/** The new key, shown once, with snippets that use this server's URL. */
function CreatedKeyDialog() {
  const created = useKeysStore((state) => state.created);
  const url = useServerStore((state) => state.status?.url ?? window.location.origin);
  const model = useModelsStore((state) => state.selectedId ?? undefined);
  const forget = useKeysStore((state) => state.forgetCreated);
  if (!created) return null;
  const snippets = keySnippets(url, created.key, model);
  return (
    <Dialog open title={`Key “${created.alias}” created`} onClose={forget} wide testId="created-key">
      <p className="dialog-text">Copy it now: Hearth keeps only a digest and can never show this key again.</p>
      <div className="command">
        <code className="secret" data-testid="created-key-secret">
          {created.key}
        </code>
        <CopyButton text={created.key} label="Copy key" testId="copy-key" />
      </div>
      <h3>curl</h3>
      <div className="command">
        <pre data-testid="snippet-curl">{snippets.curl}</pre>
        <CopyButton text={snippets.curl} />
      </div>
      <h3>OpenAI client (JavaScript)</h3>
      <div className="command">
        <pre data-testid="snippet-openai">{snippets.openai}</pre>
        <CopyButton text={snippets.openai} />
      </div>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={forget} autoFocus>
          I have copied it
        </button>
      </div>
    </Dialog>
  );
}

function KeyRow({ apiKey, mayChange, onRevoke, onDelete }: { apiKey: ApiKeySummary; mayChange: boolean; onRevoke(): void; onDelete(): void }) {
  return (
    <tr data-testid="key-row" data-key-id={apiKey.id} data-status={apiKey.status}>
      <th scope="row">{apiKey.alias}</th>
      <td>
        <code>{apiKey.prefix}…</code>
      </td>
      <td>{apiKey.role}</td>
      <td>
        <span className={`badge badge-key-${apiKey.status}`}>{apiKey.status}</span>
      </td>
      <td>
        <Time value={apiKey.createdAt} />
      </td>
      <td>
        <Time value={apiKey.lastUsedAt} />
      </td>
      <td>
        {formatCount(apiKey.requests)} req · {formatCount(apiKey.promptTokens + apiKey.completionTokens)} tok
      </td>
      <td className="row-actions">
        {mayChange && apiKey.status === 'active' && (
          <button type="button" className="small" onClick={onRevoke} aria-label={`Revoke ${apiKey.alias}`}>
            Revoke
          </button>
        )}
        {mayChange && (
          <button type="button" className="small ghost" onClick={onDelete} aria-label={`Delete ${apiKey.alias}`}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}

export function KeysScreen() {
  useRefreshWhileShown(useKeysStore.getState().refresh);
  const keys = useKeysStore((state) => state.keys);
  const error = useKeysStore((state) => state.error);
  const { revoke, remove, refresh } = useKeysStore.getState();
  const mayChange = useServerStore((state) => canChange(state.status));
  const [pending, setPending] = useState<{ key: ApiKeySummary; action: 'revoke' | 'delete' } | null>(null);
  return (
    <Screen title="API keys" testId="keys-screen">
      {!mayChange ? (
        <InfoNote testId="keys-readonly">Keys are managed with an admin key. The key in use may only use models.</InfoNote>
      ) : (
        <>
          <CreateKeyForm />
          <ErrorNote onRetry={() => void refresh()}>{error}</ErrorNote>
          <section className="panel" aria-labelledby="keys-title">
            <h2 id="keys-title">Keys</h2>
            {keys.length === 0 ? (
              <EmptyState title="No keys yet">
                <p>Create one above for each app that talks to Hearth.</p>
              </EmptyState>
            ) : (
              <div className="table-scroll">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Key</th>
                      <th scope="col">Role</th>
                      <th scope="col">Status</th>
                      <th scope="col">Created</th>
                      <th scope="col">Last used</th>
                      <th scope="col">Usage</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {keys.map((apiKey) => (
                      <KeyRow key={apiKey.id} apiKey={apiKey} mayChange={mayChange} onRevoke={() => setPending({ key: apiKey, action: 'revoke' })} onDelete={() => setPending({ key: apiKey, action: 'delete' })} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
      <CreatedKeyDialog />
      <ConfirmDialog
        open={pending !== null}
        title={pending ? `${pending.action === 'revoke' ? 'Revoke' : 'Delete'} “${pending.key.alias}”?` : ''}
        confirmLabel={pending?.action === 'revoke' ? 'Revoke' : 'Delete'}
        onClose={() => setPending(null)}
        onConfirm={() => (pending?.action === 'revoke' ? revoke(pending.key.id) : pending ? remove(pending.key.id) : undefined)}
      >
        Apps using this key stop working at once{pending?.action === 'revoke' ? '; it stays listed as revoked.' : ' and it leaves the list.'}
      </ConfirmDialog>
    </Screen>
  );
}
