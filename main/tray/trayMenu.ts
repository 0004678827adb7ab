import type { ModelSummary, ServerStatus } from '../../common/ipc/contract.js';

/** The tray menu as data, so what it shows is tested without Electron. */
export type TrayMenuItem =
  | { kind: 'separator' }
  | { kind: 'label'; label: string }
  | { kind: 'model'; label: string; checked: boolean; enabled: boolean; model: ModelSummary }
  | { kind: 'models'; label: string; items: TrayMenuItem[] }
  | { kind: 'action'; label: string; action: 'open' | 'copyUrl' | 'quit' };

const statusWords: Record<ServerStatus['state'], string> = {
  starting: 'Server starting…',
  running: 'Server running',
  stopped: 'Server stopped',
  error: 'Server not running',
};

const stateWords: Partial<Record<ModelSummary['state'], string>> = {
  loading: 'loading…',
  unloading: 'unloading…',
  error: 'failed to load',
};

export function trayMenu(status: ServerStatus, models: readonly ModelSummary[]): { tooltip: string; items: TrayMenuItem[] } {
  const modelItems: TrayMenuItem[] = models.map((model) => {
    const words = stateWords[model.state];
    return {
      kind: 'model',
      label: words ? `${model.id} (${words})` : model.id,
      checked: model.state === 'loaded' || model.state === 'loading',
      // A model changing state can't be toggled until it settles.
      enabled: model.state !== 'loading' && model.state !== 'unloading',
      model,
    };
  });
  const loaded = models.filter((model) => model.state === 'loaded').length;
  return {
    tooltip: status.url ? `Hearth — ${status.url}${loaded ? ` — ${loaded} loaded` : ''}` : `Hearth — ${statusWords[status.state]}`,
    items: [
      { kind: 'label', label: statusWords[status.state] },
      ...(status.url ? [{ kind: 'label', label: status.url } as const] : []),
      ...(status.error ? [{ kind: 'label', label: status.error.slice(0, 120) } as const] : []),
      { kind: 'separator' },
      { kind: 'models', label: 'Models', items: modelItems },
      { kind: 'separator' },
      { kind: 'action', label: 'Open Hearth', action: 'open' },
      ...(status.url ? [{ kind: 'action', label: 'Copy API URL', action: 'copyUrl' } as const] : []),
      { kind: 'action', label: 'Quit Hearth', action: 'quit' },
    ],
  };
}
