import { pathToFileURL } from 'node:url';
import { BrowserWindow, shell } from 'electron';
import { isExternalLink, mainWindowOptions } from './windowOptions.js';

export interface MainWindowOptions {
  /** The built preload bundle (CommonJS, since sandboxed preloads cannot be ES modules). */
  preloadPath: string;
  /** The built renderer's index.html; it carries the CSP as a meta tag, since file: responses have no headers. */
  indexHtml: string;
  iconPath?: string;
}

/** Opens the app window. It never navigates away from the app: links open in the system browser. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options.preloadPath, options.iconPath));
  const appUrl = pathToFileURL(options.indexHtml).href;
  const contents = window.webContents;

  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const stayInApp = (event: Electron.Event, url: string) => {
    if (url.split('#')[0] === appUrl) return;
    event.preventDefault();
    if (isExternalLink(url)) void shell.openExternal(url);
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());

  window.once('ready-to-show', () => window.show());
  void window.loadFile(options.indexHtml);
  return window;
}
