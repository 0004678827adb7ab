import { useRefreshWhileShown } from '../../lib/useRefreshWhileShown.js';
import { useCallback } from 'react';
import { CopyButton } from '../../components/CopyButton.js';
import { ErrorNote, InfoNote } from '../../components/Notes.js';
import { Screen } from '../../components/Screen.js';
import { RestartNote } from '../settings/RestartNote.js';
import { useSettingsStore } from '../settings/store.js';
import { lines, numberOrText, useSettingsDraft } from '../settings/useSettingsDraft.js';
import { canChange, useServerStore } from '../server/store.js';
import { RequestLog } from './RequestLog.js';
import { StatsPanel } from './StatsPanel.js';
import { useRequestsStore } from './store.js';

function AccessSettings() {
  const fromView = useCallback(() => {
    // The settings in force when the form first shows; the draft is the user's from then on.
    const settings = useSettingsStore.getState().view?.settings;
    if (!settings) return null;
    return {
      host: settings.host,
      requireApiKeys: settings.requireApiKeys,
      corsOrigins: settings.corsOrigins.join('\n'),
      allowedHosts: settings.allowedHosts.join('\n'),
      rateLimitEnabled: settings.rateLimit.enabled,
      requestsPerMinute: String(settings.rateLimit.requestsPerMinute),
      burst: String(settings.rateLimit.burst),
      maxConcurrentPerKey: String(settings.rateLimit.maxConcurrentPerKey),
    };
  }, []);
  const { draft, set, save, errors, message } = useSettingsDraft(fromView, (d) => ({
    host: String(d.host).trim(),
    requireApiKeys: d.requireApiKeys,
    corsOrigins: lines(String(d.corsOrigins)),
    allowedHosts: lines(String(d.allowedHosts)),
    rateLimit: { enabled: d.rateLimitEnabled, requestsPerMinute: numberOrText(String(d.requestsPerMinute)), burst: numberOrText(String(d.burst)), maxConcurrentPerKey: numberOrText(String(d.maxConcurrentPerKey)) },
  }));
  if (!draft) return null;
  const isLoopback = /^(127\.|localhost$|::1$)/.test(String(draft.host));
  return (
    <form
      className="form panel"
      aria-labelledby="access-title"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      noValidate
    >
      <h2 id="access-title">Access</h2>
      <div className="fields">
        <div className="field">
          <label htmlFor="access-host">Listen on</label>
          <select id="access-host" value={isLoopback ? '127.0.0.1' : String(draft.host)} onChange={(event) => set('host', event.target.value)} data-testid="access-host">
            <option value="127.0.0.1">This computer</option>
            <option value="0.0.0.0">The network</option>
            {!isLoopback && draft.host !== '0.0.0.0' && <option value={String(draft.host)}>{String(draft.host)}</option>}
          </select>
          <span className="hint">{isLoopback ? '127.0.0.1: other apps here, nothing else.' : 'Other machines can reach it; keys stay required.'}</span>
        </div>
        <div className="field field-check">
          <input id="access-keys" type="checkbox" checked={Boolean(draft.requireApiKeys)} onChange={(event) => set('requireApiKeys', event.target.checked)} data-testid="access-require-keys" />
          <label htmlFor="access-keys">Require API keys</label>
          <span className="hint">Off is honoured on this computer only; beyond it keys stay required.</span>
        </div>
        <div className="field">
          <label htmlFor="access-cors">Browser origins allowed (CORS)</label>
          <textarea id="access-cors" rows={2} value={String(draft.corsOrigins)} onChange={(event) => set('corsOrigins', event.target.value)} placeholder="http://localhost:3000" aria-invalid={errors.corsOrigins ? true : undefined} />
          {errors.corsOrigins && <span className="field-error">{errors.corsOrigins}</span>}
        </div>
        <div className="field">
          <label htmlFor="access-hosts">Extra host names</label>
          <textarea id="access-hosts" rows={2} value={String(draft.allowedHosts)} onChange={(event) => set('allowedHosts', event.target.value)} placeholder="my-pc.local" />
        </div>
        <div className="field field-check">
          <input id="access-rl" type="checkbox" checked={Boolean(draft.rateLimitEnabled)} onChange={(event) => set('rateLimitEnabled', event.target.checked)} />
          <label htmlFor="access-rl">Rate-limit each key</label>
        </div>
        <div className="field">
          <label htmlFor="access-rpm">Requests per minute</label>
          <input id="access-rpm" inputMode="numeric" value={String(draft.requestsPerMinute)} onChange={(event) => set('requestsPerMinute', event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="access-burst">Burst</label>
          <input id="access-burst" inputMode="numeric" value={String(draft.burst)} onChange={(event) => set('burst', event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="access-conc">Generations at once per key</label>
          <input id="access-conc" inputMode="numeric" value={String(draft.maxConcurrentPerKey)} onChange={(event) => set('maxConcurrentPerKey', event.target.value)} />
        </div>
      </div>
      {errors.rateLimit && <ErrorNote>{errors.rateLimit}</ErrorNote>}
      {message && !message.ok && <ErrorNote>{message.text}</ErrorNote>}
      <div className="form-actions">
        {message?.ok && (
          <span className="ok-text" role="status">
            {message.text}
          </span>
        )}
        <button type="submit" className="primary">
          Save access settings
        </button>
      </div>
    </form>
  );
}

/** LM Studio's Developer tab: the URL to paste elsewhere, who may connect, the live request log and statistics. */
export function ServerScreen() {
  useRefreshWhileShown(useRequestsStore.getState().refresh);
  useRefreshWhileShown(useSettingsStore.getState().refresh);
  const url = useServerStore((state) => state.status?.url ?? null);
  const mayChange = useServerStore((state) => canChange(state.status));
  const error = useRequestsStore((state) => state.error);
  const refresh = useRequestsStore((state) => state.refresh);
  return (
    <Screen title="Server" testId="server-screen">
      <section className="panel" aria-labelledby="url-title">
        <h2 id="url-title">API address</h2>
        {url ? (
          <div className="command">
            <code data-testid="server-screen-url">{url}/v1</code>
            <CopyButton text={`${url}/v1`} label="Copy" />
          </div>
        ) : (
          <p className="muted">The server is not running.</p>
        )}
        <p className="hint">OpenAI clients use {url ?? 'it'}/v1; Ollama clients use {url ?? 'it'} itself.</p>
      </section>
      {!mayChange ? (
        <InfoNote testId="server-readonly">Access settings, the request log and statistics need an admin key.</InfoNote>
      ) : (
        <>
          <RestartNote />
          <AccessSettings />
          <ErrorNote onRetry={() => void refresh()}>{error}</ErrorNote>
          <RequestLog />
          <StatsPanel />
        </>
      )}
    </Screen>
  );
}
