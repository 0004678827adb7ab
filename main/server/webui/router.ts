import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'koa';
import { contentSecurityPolicy } from '../../../common/contentSecurityPolicy.js';
import { setupPath } from '../../../common/ipc/http/server.js';
import { isLoopbackAddress } from '../../keys/bindingPolicy.js';
import { keyCreateCommand } from '../../keys/keyCommand.js';
import { apiFamilyOf } from '../apiPaths.js';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface WebUiOptions {
  /** The built renderer; by default dist/renderer of the checkout or beside the bundled server. */
  root?: string;
  /** The server's data folder, for the key command the first visit shows. */
  dataDir?: string;
}

/** Where the built UI is, looked up per request so a build made after start is served. */
function findRoot(explicit: string | undefined): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = explicit !== undefined ? [path.resolve(explicit)] : [
    process.env.HEARTH_WEBUI_DIR,
    path.resolve(here, '../../../dist/renderer'), // main/server/webui/ in a checkout
    path.resolve(here, '../renderer'), // dist/main/ when bundled
  ];
  return candidates.find((dir): dir is string => !!dir && existsSync(path.join(dir, 'index.html')));
}

const notBuiltPage = `<!doctype html><meta charset="utf-8"><title>Hearth</title>
<h1>Hearth is running</h1>
<p>The web UI has not been built. Run <code>npm run build</code>, then reload this page.</p>
<p>The API is served under <code>/v1</code>.</p>`;

/**
 * Serves the built renderer as the headless web UI: GET only, static files with
 * their MIME type, index.html for client-side routes. Mounted last, so it only
 * sees requests no API router took; it needs no key, since the page must load
 * before it can ask for one.
 */
export function webUiMiddleware(options: WebUiOptions = {}) {
  return async function webUi(ctx: Context, next: Next): Promise<void> {
    // An API path, in any case, is the API's: an unknown one there stays a JSON 404, never the app's page.
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || apiFamilyOf(ctx.path) !== null) return next();
    if (ctx.path === setupPath) return setup(ctx, options.dataDir);
    const root = findRoot(options.root);
    ctx.set('Content-Security-Policy', contentSecurityPolicy);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (!root) {
      if (ctx.path !== '/' && ctx.path !== '/index.html') return next();
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = notBuiltPage;
      return;
    }
    const file = await resolveFile(root, ctx.path);
    if (file) {
      ctx.type = mimeTypes[path.extname(file)] ?? 'application/octet-stream';
      // Vite names assets by content hash, so they never change; index.html must always be fresh.
      ctx.set('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      ctx.body = await readFile(file);
      return;
    }
    // Client-side routes (no extension) get the app; a missing asset stays a 404.
    if (path.extname(ctx.path) === '') {
      ctx.type = mimeTypes['.html']!;
      ctx.set('Cache-Control', 'no-cache');
      ctx.body = await readFile(path.join(root, 'index.html'));
      return;
    }
    return next();
  };
}

/**
 * What the page shows before it has a key: the command that makes an admin key for this server. It must
 * need no key, so the data folder's path is given to loopback visitors only; others are told to run it
 * where Hearth runs, with its folder.
 */
function setup(ctx: Context, dataDir: string | undefined): void {
  const isLocal = isLoopbackAddress(ctx.socket.remoteAddress ?? '');
  const known = isLocal && dataDir !== undefined;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = {
    keyCommand: known ? keyCreateCommand({ dataDir, alias: 'web-ui', role: 'admin' }) : 'npm run hearth -- keys create --alias web-ui --role admin --data-dir <the data folder Hearth was started with>',
    dataDir: known ? dataDir : null,
  };
}

async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  // Refuse anything that resolves outside the UI folder (../ in the path).
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}
