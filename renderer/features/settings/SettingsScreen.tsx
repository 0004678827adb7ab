import { useRefreshWhileShown } from '../../lib/useRefreshWhileShown.js';
import { useCallback } from 'react';
import { ErrorNote, InfoNote } from '../../components/Notes.js';
import { Screen } from '../../components/Screen.js';
import { BindingsPanel } from '../bindings/BindingsPanel.js';
import { canChange, useServerStore } from '../server/store.js';
import { RestartNote } from './RestartNote.js';
import { useSettingsStore } from './store.js';
import { numberOrText, useSettingsDraft } from './useSettingsDraft.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Folders, GPU backend, model defaults, limits and logging. */
export function SettingsScreen() {
  useRefreshWhileShown(useSettingsStore.getState().refresh);
  const mayChange = useServerStore((state) => canChange(state.status));
  const view = useSettingsStore((state) => state.view);
  const loadError = useSettingsStore((state) => state.error);
  const fromView = useCallback(() => {
    const current = useSettingsStore.getState().view;
    if (!current) return null;
    const { settings } = current;
    return {
      gpu: String(settings.gpu),
      contextSize: String(settings.modelDefaults.contextSize ?? ''),
      parallelSlots: String(settings.modelDefaults.parallelSlots ?? ''),
      idleTtlSeconds: String(settings.modelDefaults.idleTtlSeconds ?? ''),
      maxLoadedModels: String(settings.maxLoadedModels),
      queueSize: String(settings.queueSize),
      logLevel: settings.logLevel,
      logPrompts: settings.logPrompts,
      requestLogSize: String(settings.requestLogSize),
      hfEndpoint: settings.hfEndpoint,
      hfToken: '',
    };
  }, []);
  const { draft, set, save, errors, message } = useSettingsDraft(fromView, (d) => {
    const modelDefaults = { ...useSettingsStore.getState().view?.settings.modelDefaults };
    for (const key of ['contextSize', 'parallelSlots', 'idleTtlSeconds'] as const) {
      const value = String(d[key]).trim();
      if (value === '') delete modelDefaults[key];
      else (modelDefaults as Record<string, unknown>)[key] = key === 'contextSize' && value === 'auto' ? 'auto' : numberOrText(value);
    }
    return {
      gpu: d.gpu === 'false' ? false : d.gpu,
      modelDefaults,
      maxLoadedModels: numberOrText(String(d.maxLoadedModels)),
      queueSize: numberOrText(String(d.queueSize)),
      logLevel: d.logLevel,
      logPrompts: d.logPrompts,
      requestLogSize: numberOrText(String(d.requestLogSize)),
      hfEndpoint: String(d.hfEndpoint).trim(),
      ...(String(d.hfToken).trim() ? { hfToken: String(d.hfToken).trim() } : {}),
    };
  });
  if (!mayChange) {
    return (
      <Screen title="Settings" testId="settings-screen">
        <InfoNote testId="settings-readonly">Settings are changed with an admin key.</InfoNote>
      </Screen>
    );
  }
  const fieldError = (name: string) => errors[name] && <span className="field-error">{errors[name]}</span>;
  const overridden = (name: string) => view?.overridden.includes(name) && <span className="hint">Set for this run by a flag or HEARTH_* variable; a saved value waits for a run without it.</span>;
  return (
    <Screen title="Settings" testId="settings-screen">
      <ErrorNote>{loadError}</ErrorNote>
      <RestartNote />
      {view && (
        <section className="panel" aria-labelledby="folders-title">
          <h2 id="folders-title">Folders</h2>
          <dl className="facts">
            <dt>Data</dt>
            <dd>
              <code>{view.settings.dataDir}</code>
            </dd>
            <dt>Models</dt>
            <dd>
              <code>{view.settings.modelsDir}</code>
            </dd>
          </dl>
          <p className="hint">Chosen when Hearth starts (--data-dir, --models-dir).</p>
        </section>
      )}
      {draft && (
        <form
          className="form panel"
          aria-labelledby="settings-title"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <h2 id="settings-title">Engine and server</h2>
          <div className="fields">
            <div className="field">
              <label htmlFor="set-gpu">GPU backend</label>
              <select id="set-gpu" value={String(draft.gpu)} onChange={(event) => set('gpu', event.target.value)} data-testid="settings-gpu">
                <option value="auto">auto (use one if found)</option>
                <option value="false">CPU only</option>
                <option value="cuda">CUDA</option>
                <option value="vulkan">Vulkan</option>
                <option value="metal">Metal</option>
              </select>
              {overridden('gpu')}
            </div>
            <div className="field">
              <label htmlFor="set-ctx">Default context size</label>
              <input id="set-ctx" value={String(draft.contextSize)} onChange={(event) => set('contextSize', event.target.value)} placeholder="auto" />
              {fieldError('modelDefaults')}
            </div>
            <div className="field">
              <label htmlFor="set-slots">Default parallel slots</label>
              <input id="set-slots" inputMode="numeric" value={String(draft.parallelSlots)} onChange={(event) => set('parallelSlots', event.target.value)} placeholder="4" />
            </div>
            <div className="field">
              <label htmlFor="set-ttl">Unload idle models after (s)</label>
              <input id="set-ttl" inputMode="numeric" value={String(draft.idleTtlSeconds)} onChange={(event) => set('idleTtlSeconds', event.target.value)} placeholder="600" />
            </div>
            <div className="field">
              <label htmlFor="set-max">Models loaded at most</label>
              <input id="set-max" inputMode="numeric" value={String(draft.maxLoadedModels)} onChange={(event) => set('maxLoadedModels', event.target.value)} data-testid="settings-max-loaded" />
              {fieldError('maxLoadedModels')}
            </div>
            <div className="field">
              <label htmlFor="set-queue">Requests waiting per model</label>
              <input id="set-queue" inputMode="numeric" value={String(draft.queueSize)} onChange={(event) => set('queueSize', event.target.value)} />
              {fieldError('queueSize')}
            </div>
            <div className="field">
              <label htmlFor="set-log">Log level</label>
              <select id="set-log" value={String(draft.logLevel)} onChange={(event) => set('logLevel', event.target.value)} data-testid="settings-log-level">
                {logLevels.map((level) => (
                  <option key={level}>{level}</option>
                ))}
              </select>
              {overridden('logLevel')}
            </div>
            <div className="field">
              <label htmlFor="set-logsize">Requests kept in the log</label>
              <input id="set-logsize" inputMode="numeric" value={String(draft.requestLogSize)} onChange={(event) => set('requestLogSize', event.target.value)} />
              {fieldError('requestLogSize')}
            </div>
            <div className="field field-check">
              <input id="set-prompts" type="checkbox" checked={Boolean(draft.logPrompts)} onChange={(event) => set('logPrompts', event.target.checked)} />
              <label htmlFor="set-prompts">Keep prompt text in the request log</label>
            </div>
            <div className="field">
              <label htmlFor="set-hf">Hugging Face address</label>
              <input id="set-hf" value={String(draft.hfEndpoint)} onChange={(event) => set('hfEndpoint', event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="set-token">Hugging Face token</label>
              <input id="set-token" type="password" autoComplete="off" value={String(draft.hfToken)} onChange={(event) => set('hfToken', event.target.value)} placeholder={view?.hasHfToken ? 'saved (type to replace)' : 'none'} />
            </div>
          </div>
          {message && !message.ok && <ErrorNote>{message.text}</ErrorNote>}
          <div className="form-actions">
            {message?.ok && (
              <span className="ok-text" role="status" data-testid="settings-saved-note">
                {message.text}
              </span>
            )}
            <button type="submit" className="primary" data-testid="settings-submit">
              Save settings
            </button>
          </div>
        </form>
      )}
      <BindingsPanel />
    </Screen>
  );
}
