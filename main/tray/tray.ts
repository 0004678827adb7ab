import { Menu, Tray, clipboard, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { ModelSummary, ServerStatus } from '../../common/ipc/contract.js';

export interface TrayOptions {
  iconPath: string;
  getStatus(): ServerStatus;
  listModels(): Promise<ModelSummary[]>;
  loadModel(id: string): Promise<void>;
  unloadModel(id: string): Promise<void>;
  showWindow(): void;
  quit(): void;
}

export interface HearthTray {
  /** Rebuilds the menu from the current status and model list. */
  refresh(): Promise<void>;
  destroy(): void;
}

const statusWords: Record<ServerStatus['state'], string> = {
  starting: 'Server starting…',
  running: 'Server running',
  stopped: 'Server stopped',
  error: 'Server failed',
};

/** The tray icon: server URL and status at a glance, and models loaded or unloaded with a click. */
export function createTray(options: TrayOptions): HearthTray {
  const tray = new Tray(nativeImage.createFromPath(options.iconPath));
  tray.setToolTip('Hearth');
  tray.on('click', () => options.showWindow());

  async function refresh(): Promise<void> {
    const status = options.getStatus();
    // Menus can't update while open on every platform, so the list is read when the menu is rebuilt.
    const models = status.state === 'running' ? await options.listModels().catch(() => [] as ModelSummary[]) : [];
    const toggle = (model: ModelSummary) => async () => {
      const loaded = model.state === 'loaded' || model.state === 'loading';
      await (loaded ? options.unloadModel(model.id) : options.loadModel(model.id)).catch(() => undefined);
      await refresh();
    };
    const template: MenuItemConstructorOptions[] = [
      { label: statusWords[status.state], enabled: false },
      ...(status.url ? [{ label: status.url, enabled: false }, { label: 'Copy Server URL', click: () => clipboard.writeText(status.url ?? '') }] : []),
      ...(status.error ? [{ label: status.error.slice(0, 120), enabled: false }] : []),
      { type: 'separator' },
      {
        label: 'Models',
        enabled: models.length > 0,
        submenu: models.map((model) => ({
          label: model.id,
          type: 'checkbox' as const,
          checked: model.state === 'loaded',
          click: () => void toggle(model)(),
        })),
      },
      { type: 'separator' },
      { label: 'Open Hearth', click: () => options.showWindow() },
      { label: 'Quit Hearth', click: () => options.quit() },
    ];
    tray.setToolTip(status.url ? `Hearth — ${status.url}` : `Hearth — ${statusWords[status.state]}`);
    tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  void refresh();
  return { refresh, destroy: () => tray.destroy() };
}
