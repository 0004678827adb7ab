import { useModelsStore } from './store.js';

const stateLabels = { unloaded: 'on disk', loading: 'loading…', loaded: 'loaded', unloading: 'unloading…', error: 'error' } as const;

/** Every model on disk; one is chosen for chat, any can be loaded or unloaded. */
export function ModelList() {
  const models = useModelsStore((state) => state.models);
  const selectedId = useModelsStore((state) => state.selectedId);
  const busyIds = useModelsStore((state) => state.busyIds);
  const error = useModelsStore((state) => state.error);
  const isLoading = useModelsStore((state) => state.isLoading);
  const { select, refresh, toggleLoaded } = useModelsStore.getState();

  return (
    <section className="models" data-testid="model-list" aria-labelledby="models-title">
      <div className="section-head">
        <h2 id="models-title">Models</h2>
        <button className="ghost" onClick={() => void refresh()} disabled={isLoading} title="Read the list again">
          Refresh
        </button>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {models.length === 0 && !error && <p className="empty">{isLoading ? 'Reading models…' : 'No models yet. Put .gguf files in the models folder.'}</p>}
      <ul>
        {models.map((model) => (
          <li key={model.id} className={model.id === selectedId ? 'selected' : undefined} data-testid="model-item" data-model-id={model.id}>
            <button className="model-pick" onClick={() => select(model.id)} aria-pressed={model.id === selectedId}>
              <span className="model-name">{model.id}</span>
              <span className={`badge badge-${model.state}`}>{stateLabels[model.state]}</span>
            </button>
            <button className="ghost small" disabled={busyIds.includes(model.id)} onClick={() => void toggleLoaded(model)}>
              {model.state === 'loaded' ? 'Unload' : 'Load'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
