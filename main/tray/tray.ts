import { Menu, Tray, clipboard, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { ModelSummary, ServerStatus } from '../../common/ipc/contract.js';
import { trayMenu, type TrayMenuItem } from './trayMenu.js';

export interface TrayOptions {
  iconPath: string;
  status: ServerStatus;
  loadModel(id: string): Promise<void>;
  unloadModel(id: string): Promise<void>;
  /** Shows a desktop notification (load and unload failures). */
  notify(title: string, body: string): void;
  showWindow(): void;
  quit(): void;
}

export interface HearthTray {
  setStatus(status: ServerStatus): void;
  /** The models' live states, from the server's event feed (loads by chat or the API included). */
  setModels(models: ModelSummary[]): void;
  destroy(): void;
}

/** The tray icon: server URL and status at a glance, and models loaded or unloaded with a click. */
export function createTray(options: TrayOptions): HearthTray {
  const tray = new Tray(nativeImage.createFromPath(options.iconPath));
  tray.on('click', () => options.showWindow());
  let status = options.status;
  let models: ModelSummary[] = [];

  const toggle = async (model: ModelSummary) => {
    const unloading = model.state === 'loaded' || model.state === 'loading';
    try {
      await (unloading ? options.unloadModel(model.id) : options.loadModel(model.id));
    } catch (error) {
      options.notify(unloading ? `Could not unload ${model.id}` : `Could not load ${model.id}`, (error as Error).message);
    }
  };

  const toElectron = (item: TrayMenuItem): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: item.label, enabled: false };
      case 'model':
        return { label: item.label, type: 'checkbox', checked: item.checked, enabled: item.enabled, click: () => void toggle(item.model) };
      case 'models':
        return { label: item.label, enabled: item.items.length > 0, submenu: item.items.map(toElectron) };
      case 'action': {
        const actions = { open: options.showWindow, copyUrl: () => clipboard.writeText(status.url ?? ''), quit: options.quit };
        return { label: item.label, click: () => actions[item.action]() };
      }
    }
  };

  // Menus can't update while open on every platform, so the whole menu is rebuilt on each change.
  const rebuild = () => {
    const menu = trayMenu(status, models);
    tray.setToolTip(menu.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(menu.items.map(toElectron)));
  };
  rebuild();
  return {
    setStatus(next) {
      status = next;
      if (next.state !== 'running') models = [];
      rebuild();
    },
    setModels(next) {
      models = next;
      rebuild();
    },
    destroy: () => tray.destroy(),
  };
}
