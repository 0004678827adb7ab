import { useState } from 'react';
import type { BindingSummary } from '../../../common/bindings.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { EmptyState, ErrorNote, Time } from '../../components/Notes.js';
import { useRefreshWhileShown } from '../../lib/useRefreshWhileShown.js';
import { BindingFormDialog } from './BindingFormDialog.js';
import { BindingTestResult } from './BindingTestResult.js';
import { kindLabels, modelLabel } from './bindingForm.js';
import { useBindingsStore } from './store.js';
import './bindings.css';

/** Settings → Bindings: the upstreams whose models Hearth serves as its own, with a connection test each. */
export function BindingsPanel() {
  const bindings = useBindingsStore((state) => state.bindings);
  const listedOnce = useBindingsStore((state) => state.listedOnce);
  const error = useBindingsStore((state) => state.error);
  // null: closed; 'new': adding; else the binding being edited.
  const [editing, setEditing] = useState<BindingSummary | 'new' | null>(null);
  const [deleting, setDeleting] = useState<BindingSummary | null>(null);

  useRefreshWhileShown(useBindingsStore.getState().refresh);

  return (
    <section className="panel bindings" aria-labelledby="bindings-title" data-testid="bindings-panel">
      <div className="panel-head">
        <h2 id="bindings-title">Bindings</h2>
        <button type="button" className="small primary" onClick={() => setEditing('new')} data-testid="binding-add">
          Add binding
        </button>
      </div>
      <p className="hint">
        Other engines Hearth fronts — a vLLM or TGI server, LocalAI, LM Studio, Ollama, OpenAI. Their models are listed and served like local ones,
        under the same keys, limits and request log.
      </p>
      <ErrorNote onRetry={() => void useBindingsStore.getState().refresh()}>{error}</ErrorNote>
      {listedOnce && bindings.length === 0 && (
        <EmptyState title="No bindings yet">
          <p>Add one to chat with models that run on another machine.</p>
        </EmptyState>
      )}
      <ul className="binding-list">
        {bindings.map((binding) => (
          <BindingRow key={binding.id} binding={binding} onEdit={() => setEditing(binding)} onDelete={() => setDeleting(binding)} />
        ))}
      </ul>
      <BindingFormDialog
        open={editing !== null}
        binding={editing === 'new' ? null : editing}
        keyStorage={bindings[0]?.keyStorage ?? null}
        onClose={() => setEditing(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete binding"
        onConfirm={() => (deleting ? useBindingsStore.getState().remove(deleting.id) : undefined)}
        onClose={() => setDeleting(null)}
      >
        Its models ({deleting?.models.length ?? 0}) stop being served by Hearth, and its saved key is removed. The upstream itself is not touched.
      </ConfirmDialog>
    </section>
  );
}

function HealthBadge({ binding }: { binding: BindingSummary }) {
  const { health } = binding;
  if (!binding.enabled) return <span className="badge">off</span>;
  if (health.healthy === null) return <span className="badge">not checked yet</span>;
  return (
    <span className={`badge ${health.healthy ? 'badge-loaded' : 'badge-error'}`} title={health.error ?? undefined} data-testid="binding-health">
      {health.healthy ? 'reachable' : 'unreachable'}
      {health.checkedAt && (
        <>
          {' · checked '}
          <Time value={health.checkedAt} />
        </>
      )}
      {health.inFlight > 0 && ` · ${health.inFlight} running`}
    </span>
  );
}

function BindingRow({ binding, onEdit, onDelete }: { binding: BindingSummary; onEdit(): void; onDelete(): void }) {
  const test = useBindingsStore((state) => state.tests[binding.id]);
  const headingId = `binding-${binding.id}-name`;
  return (
    <li className="binding-row" aria-labelledby={headingId} data-testid="binding-row" data-binding-id={binding.id}>
      <div className="binding-row-head">
        <h3 id={headingId}>{binding.name}</h3>
        <span className="tag">{kindLabels[binding.kind].label}</span>
        <HealthBadge binding={binding} />
      </div>
      <dl className="facts binding-facts">
        <dt>URL</dt>
        <dd>
          <code>{binding.baseUrl}</code>
        </dd>
        <dt>Models</dt>
        <dd data-testid="binding-models">{binding.models.map(modelLabel).join(', ')}</dd>
        <dt>API key</dt>
        <dd>{binding.hasApiKey ? (binding.keyStorage === 'safeStorage' ? 'stored encrypted by the system' : 'stored in a file only you can read') : 'none'}</dd>
        {/* A test's answer below says the same, fresher. */}
        {!test && binding.enabled && binding.health.healthy === false && binding.health.error && (
          <>
            <dt>Last error</dt>
            <dd className="binding-error">{binding.health.error}</dd>
          </>
        )}
      </dl>
      <div className="row-actions binding-actions">
        <button type="button" className="small" onClick={() => void useBindingsStore.getState().test(binding.id)} disabled={test?.isRunning} aria-label={`Test connection to ${binding.name}`} data-testid="binding-test">
          {test?.isRunning ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" className="small" onClick={onEdit} aria-label={`Edit ${binding.name}`} data-testid="binding-edit">
          Edit
        </button>
        <button type="button" className="small ghost" onClick={onDelete} aria-label={`Delete ${binding.name}`} data-testid="binding-delete">
          Delete
        </button>
      </div>
      {test && !test.isRunning && <BindingTestResult binding={binding} test={test} />}
    </li>
  );
}
