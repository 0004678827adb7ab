import type { ModelSummary } from '../../../common/ipc/contract.js';
import { kindLabels } from './bindingForm.js';

/**
 * A model a binding serves, on the Models screen: where it runs instead of a size, and no load or unload
 * (the upstream decides that). Its bindings are changed in Settings → Bindings.
 */
export function RemoteModelRow({ model }: { model: ModelSummary & { remote: NonNullable<ModelSummary['remote']> } }) {
  const via = model.remote.bindings.map((binding) => `${binding.name} (${kindLabels[binding.kind].label})`).join(', ');
  return (
    <li className="model-row" data-testid="model-row" data-model-id={model.id} data-remote="true">
      <div className="model-row-main">
        <span className="model-link">{model.id}</span>
        <span className="model-facts">served by {via}</span>
      </div>
      <span className="badge" data-testid="model-state">
        remote
      </span>
      <a className="small-link" href="#/settings" aria-label={`Change the bindings serving ${model.id} in Settings`}>
        Settings
      </a>
    </li>
  );
}
