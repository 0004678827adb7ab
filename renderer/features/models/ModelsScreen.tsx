import { memo, useMemo } from 'react';
import { Link, useLocation } from 'wouter';
import type { LocalModel } from '../../../common/library.js';
import type { ModelSummary } from '../../../common/ipc/contract.js';
import { EmptyState, ErrorNote, InfoNote } from '../../components/Notes.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { Screen } from '../../components/Screen.js';
import { formatBytes, formatCount, formatDuration } from '../../lib/format.js';
import { useNow } from '../../lib/useNow.js';
import { canChange, isUsable, useServerStore } from '../server/store.js';
import { RemoteModelRow } from '../bindings/RemoteModelRow.js';
import { ModelDetails } from './ModelDetails.js';
import { useModelsStore } from './store.js';

export const stateWords = { unloaded: 'on disk', loading: 'loading…', loaded: 'loaded', unloading: 'unloading…', error: 'failed' } as const;

/**
 * One model in the list. Memoized: opening a model's details or a load elsewhere changes the screen, and with
 * hundreds of models re-rendering every row made that a visible stall (bench:ui's 500-model list).
 */
const ModelRow = memo(function ModelRow({ model, details, isSelected }: { model: ModelSummary; details: LocalModel | undefined; isSelected: boolean }) {
  const busy = useModelsStore((state) => state.busyIds.includes(model.id));
  const error = useModelsStore((state) => state.errors[model.id]);
  const since = useModelsStore((state) => state.loadingSince[model.id]);
  const mayChange = useServerStore((state) => canChange(state.status));
  const usable = useServerStore((state) => isUsable(state.status));
  const { load, unload } = useModelsStore.getState();
  const isLoading = model.state === 'loading' || (busy && model.state === 'unloaded');
  const now = useNow(isLoading);
  const quantization = details?.quantization ?? model.fileType ?? null;
  return (
    <li className={`model-row${isSelected ? ' selected' : ''}`} data-testid="model-row" data-model-id={model.id} data-state={model.state}>
      <div className="model-row-main">
        <Link href={`/models/${encodeURIComponent(model.id)}`} className="model-link" aria-current={isSelected ? 'true' : undefined}>
          {model.id}
        </Link>
        <span className="model-facts">
          {formatBytes(details?.sizeBytes ?? model.sizeBytes)}
          {quantization && ` · ${quantization}`}
          {(details?.parameterCount ?? model.parameterCount) && ` · ${formatCount(details?.parameterCount ?? model.parameterCount)} params`}
        </span>
      </div>
      <span className={`badge badge-${model.state}`} data-testid="model-state">
        {stateWords[model.state]}
        {isLoading && model.loadProgress !== undefined && ` ${Math.round(model.loadProgress * 100)}%`}
        {isLoading && since !== undefined && ` ${formatDuration((now - since) / 1000)}`}
      </span>
      <button
        type="button"
        className="small"
        disabled={!mayChange || !usable || busy || model.state === 'loading' || model.state === 'unloading'}
        onClick={() => void (model.state === 'loaded' ? unload(model.id) : load(model.id))}
        data-testid="model-toggle"
        aria-label={`${model.state === 'loaded' ? 'Unload' : 'Load'} ${model.id}`}
      >
        {model.state === 'loaded' ? 'Unload' : 'Load'}
      </button>
      {/* Until the server's first report the length of the load is unknown. */}
      {isLoading && <ProgressBar value={model.loadProgress || null} label={`Loading ${model.id}`} />}
      {error && (
        <div className="model-row-error">
          <ErrorNote onRetry={mayChange ? () => void load(model.id) : undefined} testId="model-error">
            {error}
          </ErrorNote>
        </div>
      )}
    </li>
  );
});

/** LM Studio's "My Models": what is on disk, loaded or not, with details and load settings per model. */
export function ModelsScreen({ selectedId }: { selectedId: string | null }) {
  const models = useModelsStore((state) => state.models);
  const library = useModelsStore((state) => state.library);
  const listError = useModelsStore((state) => state.error);
  const listedOnce = useModelsStore((state) => state.listedOnce);
  const notices = useModelsStore((state) => state.notices);
  const { refresh, dismissNotice } = useModelsStore.getState();
  const [, navigate] = useLocation();
  const selected = models.find((model) => model.id === selectedId);
  const detailsById = useMemo(() => new Map(library.map((entry) => [entry.id, entry])), [library]);
  return (
    <Screen
      title="Models"
      testId="models-screen"
      actions={
        <button type="button" className="small" onClick={() => void refresh()}>
          Refresh
        </button>
      }
    >
      {notices.map((notice) => (
        <div key={notice.id} className="note note-info" role="status" data-testid="model-notice">
          <span>{notice.text}</span>
          <button type="button" className="small ghost" onClick={() => dismissNotice(notice.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
      <ErrorNote onRetry={() => void refresh()}>{listError}</ErrorNote>
      {listedOnce && models.length === 0 && !listError && (
        <EmptyState title="No models yet">
          <p>Pick one sized for this machine, or search Hugging Face.</p>
          <button type="button" className="primary" onClick={() => navigate('/welcome')}>
            Pick a model
          </button>{' '}
          <button type="button" onClick={() => navigate('/discover')}>
            Discover models
          </button>
        </EmptyState>
      )}
      {!listedOnce && !listError && <InfoNote>Reading models…</InfoNote>}
      <div className={`split${selected ? ' has-details' : ''}`}>
        <ul className="model-list" aria-label="Models on disk">
          {models.map((model) =>
            model.remote ? (
              <RemoteModelRow key={model.id} model={{ ...model, remote: model.remote }} />
            ) : (
              <ModelRow key={model.id} model={model} details={detailsById.get(model.id)} isSelected={model.id === selectedId} />
            ),
          )}
        </ul>
        {selected && <ModelDetails key={selected.id} model={selected} details={detailsById.get(selected.id)} onClose={() => navigate('/models')} />}
      </div>
    </Screen>
  );
}
