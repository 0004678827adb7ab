import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ServerStatus } from '../common/ipc/contract.js';
import { ServerProcess } from '../main/shell/ServerProcess.js';
import { forkNodeServer } from '../main/shell/forkNodeServer.js';
import { testModelPath, type TestModelId } from '../test/testModels.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const chromiumPath = process.env.HEARTH_CHROMIUM ?? '/usr/bin/chromium';

export interface HearthOptions {
  models?: TestModelId[];
  /** Off by default so specs can use the UI without a key. */
  requireApiKeys?: boolean;
  /** Breaks things on purpose: a settings.json that is not JSON. */
  corruptSettings?: boolean;
  /** Breaks things on purpose: another program already listens on the port Hearth is given. */
  busyPort?: boolean;
  /** The built UI to serve (HEARTH_WEBUI_DIR). */
  webUiDir?: string;
  /** A port chosen now and kept, so a restarted server is found at the same URL (the web UI's page lives there). */
  fixedPort?: boolean;
  /** More environment for the server, e.g. HEARTH_HF_ENDPOINT. */
  env?: NodeJS.ProcessEnv;
}

export interface Hearth {
  status: ServerStatus;
  url: string;
  dataDir: string;
  modelsDir: string;
  port: number | null;
  /** The supervised server process, to stop and start it again. */
  server: ServerProcess;
}

/** A port free now, for a server that must come back on the same one. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts the real headless server entry as a child process, supervised the way
 * the desktop shell supervises it, with its own data dir given through
 * HEARTH_DATA_DIR. Stopped and cleaned up when the test ends.
 */
export async function startHearth(t: TestContext, options: HearthOptions = {}): Promise<Hearth> {
  const tempRoot = await mkdtemp(path.join(os.tmpdir(), 'hearth-e2e-'));
  t.after(() => rm(tempRoot, { recursive: true, force: true }));
  const dataDir = path.join(tempRoot, 'data');
  const modelsDir = path.join(tempRoot, 'models');
  await mkdir(dataDir, { recursive: true });
  await mkdir(modelsDir, { recursive: true });
  for (const id of options.models ?? []) await symlink(testModelPath(id), path.join(modelsDir, `${id}.gguf`));
  if (options.corruptSettings) await writeFile(path.join(dataDir, 'settings.json'), '{ "port": 9642, oops');

  let port = options.fixedPort ? await freePort() : 0;
  if (options.busyPort) {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as net.AddressInfo).port;
    t.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  }

  const server = new ServerProcess({
    fork: forkNodeServer(path.join(repoRoot, 'main', 'cli', 'index.ts'), ['--import', 'tsx']),
    args: ['serve'],
    env: {
      ...process.env,
      HEARTH_DATA_DIR: dataDir,
      HEARTH_MODELS_DIR: modelsDir,
      HEARTH_HOST: '127.0.0.1',
      HEARTH_PORT: String(port),
      HEARTH_GPU: 'false',
      HEARTH_REQUIRE_API_KEYS: options.requireApiKeys ? '1' : '0',
      HEARTH_LOG_LEVEL: process.env.HEARTH_TEST_LOG ?? 'warn',
      ...(options.webUiDir ? { HEARTH_WEBUI_DIR: options.webUiDir } : {}),
      ...options.env,
    },
    onStderrLine: process.env.HEARTH_TEST_LOG ? (line) => console.error(line) : undefined,
  });
  const status = await server.start();
  t.after(() => server.stop());
  return { status, url: status.url ?? '', dataDir, modelsDir, port: port || null, server };
}

let builtUi: Promise<string> | undefined;

/** Builds the renderer from the current source into a temporary folder, once per test file. */
export function buildWebUi(): Promise<string> {
  builtUi ??= (async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-e2e-ui-'));
    process.once('exit', () => void rm(outDir, { recursive: true, force: true }));
    const { build } = await import('vite');
    await build({ configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    return outDir;
  })();
  return builtUi;
}

/** Chromium flags for audio specs: a fake microphone (a beep) granted without a prompt, sound that plays without a gesture, muted (Chromium 156 headless with no audio device never starts playback otherwise). */
export const fakeAudioArgs = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required', '--mute-audio'];

/** Launches Debian's Chromium headless (with `extraArgs`, e.g. fakeAudioArgs); the reason to skip when it is missing, else the browser. */
export async function launchBrowser(t: TestContext, extraArgs: string[] = []): Promise<Browser | string> {
  if (!existsSync(chromiumPath)) return `Chromium not found at ${chromiumPath} (apt-get install chromium, or set HEARTH_CHROMIUM)`;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', ...extraArgs] });
  t.after(() => browser.close());
  return browser;
}

/** A fresh page that fails the test on any error the page logs (CSP violations included). */
export async function newPage(t: TestContext, browser: Browser, viewport = { width: 1100, height: 720 }): Promise<{ page: Page; pageErrors: string[] }> {
  const context = await browser.newContext({ viewport });
  t.after(() => context.close());
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  if (process.env.HEARTH_TEST_LOG) page.on('console', (message) => console.error(`[page ${message.type()}] ${message.text()}`));
  page.on('console', (message) => {
    // A refused request (401/403/404/409) is shown in the page in words; the browser's own line for it is noise.
    if (message.type() === 'error' && !/Failed to load resource.*(40[1349]|net::ERR_CONNECTION_REFUSED|net::ERR_INCOMPLETE_CHUNKED_ENCODING)/.test(message.text())) pageErrors.push(message.text());
  });
  return { page, pageErrors };
}

/**
 * Saves a screenshot as a test artifact, in HEARTH_E2E_SCREENSHOTS or else e2e/screenshots/ (ignored by
 * git, kept after the run): one per screen and state, to look at as a user would.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.HEARTH_E2E_SCREENSHOTS ?? path.join(repoRoot, 'e2e', 'screenshots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/**
 * A stand-in for a test's context whose `after` hooks run when `close` is called, so the fixtures above
 * (a server, a browser, a page) can live across the steps of one describe block.
 */
export function suiteScope(): { t: TestContext; close(): Promise<void> } {
  const hooks: (() => unknown)[] = [];
  const t = { after: (hook: () => unknown) => void hooks.push(hook) } as unknown as TestContext;
  return {
    t,
    async close() {
      for (const hook of hooks.reverse()) await hook();
    },
  };
}
