import { contentSecurityPolicy } from '../../common/contentSecurityPolicy.js';

export { contentSecurityPolicy };

/**
 * The BrowserWindow options of the main window, built without importing Electron
 * so a plain Node test can pin the security settings.
 */
export function mainWindowOptions(preloadPath: string, iconPath?: string) {
  return {
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    title: 'Hearth',
    show: false,
    backgroundColor: '#15161a',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  } as const;
}

/** Links the app may hand to the system browser; anything else (file:, javascript:, custom schemes) is dropped. */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:';
  } catch {
    return false;
  }
}
