import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, Notification, safeStorage, session, utilityProcess, type IpcMainInvokeEvent } from 'electron';
import { HearthError } from '../common/errors.js';
import { createHttpCalls } from '../common/ipc/httpCalls.js';
import { startEventFeed, type EventFeed } from '../common/ipc/http/eventFeed.js';
import { createHttpClient, type HttpCallsOptions } from '../common/ipc/http/request.js';
import type { ModelSummary, ServerStatus } from '../common/ipc/contract.js';
import { createLogger } from './log.js';
import { ServerProcess, type ForkServer } from './shell/ServerProcess.js';
import { utilityChildLink } from './shell/messageLink.js';
import { serveShell, type ShellServices } from './shell/serveShell.js';
import { shellChannelEnv } from './shell/shellMessages.js';
import { broadcast, registerIpc } from './ipc/registerIpc.js';
import { serverHandlers } from './ipc/handlers/server.js';
import { ragHandlers } from './ipc/handlers/rag.js';
import { isPermissionAllowed } from './windows/permissions.js';
import { createMainWindow } from './windows/mainWindow.js';
import { createTray, type HearthTray } from './tray/tray.js';

// This file is bundled to dist/main/index.js; everything else is found from there.
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resourcesDir = app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.resolve(distDir, '..', 'resources');
const paths = {
  serverEntry: path.join(distDir, 'main', 'cli.js'),
  programRunner: path.join(distDir, 'main', 'programRunner.js'),
  preload: path.join(distDir, 'preload', 'index.cjs'),
  indexHtml: path.join(distDir, 'renderer', 'index.html'),
  icon: path.join(resourcesDir, 'icon.png'),
  trayIcon: path.join(resourcesDir, process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'),
};
const logger = createLogger().child({ component: 'shell' });

/** What the server's utility process asks of main (main/shell/serveShell.ts): its helper programs, and safeStorage. */
const shellServices: ShellServices = {
  launchRunner: () => {
    const child = utilityProcess.fork(paths.programRunner, [], { stdio: 'pipe', serviceName: 'Hearth Program' });
    return { link: utilityChildLink(child), stdout: child.stdout, stderr: child.stderr, kill: () => void child.kill(), onExit: (listener) => child.once('exit', (code) => listener(code, null)) };
  },
  encryption: {
    // Linux's basic_text backend encrypts with a password every Chromium knows: no better than the 0600 file, which says so.
    isAvailable: async () => (await safeStorage.isAsyncEncryptionAvailable()) && !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
    encrypt: (text) => safeStorage.encryptStringAsync(text),
    decrypt: async (data) => {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(data));
      return { text: result, shouldReEncrypt };
    },
  },
};

/** The server and engine run in a utility process whose environment we set before it starts (see ServerProcess). */
const forkUtility: ForkServer = (args, env) => {
  const child = utilityProcess.fork(paths.serverEntry, args, { env: { ...env, [shellChannelEnv]: '1' }, stdio: 'pipe', serviceName: 'Hearth Server' });
  const shell = serveShell(utilityChildLink(child), shellServices);
  child.once('exit', () => shell.close());
  return {
    stdout: child.stdout,
    stderr: child.stderr,
    kill: () => void child.kill(),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
  };
};

if (!app.requestSingleInstanceLock()) {
  // A second Hearth would fight the first for the port; the first one shows its window instead.
  app.quit();
} else {
  const server = new ServerProcess({
    fork: forkUtility,
    args: ['serve'],
    onStderrLine: (line) => process.stderr.write(`${line}\n`),
    // A crashed server comes back by itself; the window shows the wait (status.restart).
    restartOnCrash: { minMs: 1_000, maxMs: 30_000 },
  });
  let mainWindow: BrowserWindow | null = null;
  let tray: HearthTray | null = null;
  let feed: EventFeed | null = null;

  const showWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow({ preloadPath: paths.preload, indexHtml: paths.indexHtml, iconPath: paths.icon });
      mainWindow.on('closed', () => (mainWindow = null));
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  const appUrl = pathToFileURL(paths.indexHtml).href;
  const isTrustedSender = (event: IpcMainInvokeEvent) =>
    !!mainWindow && event.sender === mainWindow.webContents && event.senderFrame === event.sender.mainFrame && event.senderFrame.url.split('#')[0] === appUrl;

  const httpOptions: HttpCallsOptions = {
    baseUrl: () => {
      const { url, error } = server.status;
      if (!url) throw new HearthError(503, 'unavailable_error', error ?? 'The Hearth server is not running yet.', { code: 'server_unreachable' });
      return url;
    },
    apiKey: () => server.token,
  };
  const http = createHttpCalls(httpOptions);
  const noEvents = { emit: () => {} };

  app.on('second-instance', showWindow);
  // The server keeps serving other apps with the window closed; Quit is in the tray.
  app.on('window-all-closed', () => {});

  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    feed?.stop();
    void server.stop().finally(() => {
      stopped = true;
      tray?.destroy();
      app.quit();
    });
  });

  void app.whenReady().then(async () => {
    // The UI needs the microphone (dictation) and nothing else: no camera, notifications or the like.
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionAllowed(permission, details, appUrl)));
    // Every call goes to the server process's HTTP routes, as the web UI's do; the shell answers only what it knows first hand.
    registerIpc({ ...http, ...serverHandlers(server), ...ragHandlers(createHttpClient(httpOptions)) }, { isTrustedSender, logger });

    // The server's event feed, relayed to every window and the tray; its status is the shell's own.
    feed = startEventFeed({
      ...httpOptions,
      reportsStatus: false,
      emit: (event, payload) => {
        broadcast(event, payload);
        if (event === 'models:onDidChange') tray?.setModels((payload as { models: ModelSummary[] }).models);
      },
    });
    server.on('status', (status: ServerStatus) => {
      broadcast('server:onDidChangeStatus', status);
      tray?.setStatus(status);
      if (status.state === 'running') feed?.reconnect();
      if (status.state === 'error') logger.error({ error: status.error }, 'server process failed');
    });
    showWindow();
    tray = createTray({
      iconPath: paths.trayIcon,
      status: server.status,
      loadModel: async (id) => void (await http['models:load']({ id }, noEvents)),
      unloadModel: async (id) => void (await http['models:unload']({ id }, noEvents)),
      notify: (title, body) => {
        if (Notification.isSupported()) new Notification({ title, body }).show();
      },
      showWindow,
      quit: () => app.quit(),
    });
    await server.start();
  });
}
