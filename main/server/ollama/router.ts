import path from 'node:path';
import Router from '@koa/router';
import type { Middleware } from 'koa';
import { MethodNotAllowedError } from '../../../common/errors.js';
import type { Services } from '../../services.js';
import { chat } from './chat.js';
import { copy } from './copy.js';
import { deleteModel } from './delete.js';
import { embed, embeddings } from './embed.js';
import { FileDigests } from './FileDigests.js';
import { generate } from './generate.js';
import { lollmsModels } from './lollmsModels.js';
import { ps } from './ps.js';
import { pull } from './pull.js';
import { show } from './show.js';
import { tags } from './tags.js';
import { create, push } from './unsupported.js';
import { version } from './version.js';
import { requireAdmin } from '../middleware/auth.js';

/** Where the Ollama REST API is served: `/api` as Ollama, `/ollama/api` beside LoLLMs' `/ollama/v1`. */
export const ollamaPrefixes = ['/api', '/ollama/api'] as const;

function endpoints(services: Services, digests: FileDigests): Router {
  const router = new Router();
  const allowed = new Map<string, string[]>();
  const route = (method: 'get' | 'post' | 'delete', path: string, ...handlers: Middleware[]) => {
    router[method](path, ...(handlers as never[]));
    allowed.set(path, [...(allowed.get(path) ?? []), method.toUpperCase()]);
  };
  route('post', '/chat', chat(services));
  route('post', '/generate', generate(services));
  route('post', '/embed', embed(services));
  route('post', '/embeddings', embeddings(services));
  route('get', '/tags', tags(services, digests));
  route('get', '/ps', ps(services, digests));
  route('post', '/show', show(services));
  route('get', '/version', version());
  // Changing what models exist is model management: admin keys only, like the library routes.
  route('delete', '/delete', requireAdmin(), deleteModel(services));
  route('post', '/copy', requireAdmin(), copy(services));
  route('post', '/pull', requireAdmin(), pull(services, digests));
  route('post', '/create', create());
  route('post', '/push', push());
  // Registered last, so they run only for a method no route above answers.
  for (const [path, methods] of allowed) router.all(path, methodNotAllowed(methods));
  return router;
}

/**
 * 405 for a known path called with another method, as an Ollama error: Koa's own 405 is plain text, and
 * Ollama clients parse every error body as `{"error": "..."}`. OPTIONS goes on to the app's allowedMethods.
 */
function methodNotAllowed(methods: string[]): Middleware {
  const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  return async function ollamaMethodNotAllowed(ctx, next) {
    if (ctx.method === 'OPTIONS') return next();
    ctx.set('Allow', allow.join(', '));
    throw new MethodNotAllowedError(`${ctx.method} is not allowed on ${ctx.path}; use ${methods.join(' or ')}.`);
  };
}

/**
 * The Ollama routes, mounted once per prefix, with exact paths only: `/api/v1/...` matches none of
 * them and stays with the OpenAI router. Also claims GET /ollama/v1/models, which LoLLMs documents in
 * Ollama's list format, so mount this before the OpenAI router.
 */
export function ollamaRouter(services: Services): Router {
  const digests = new FileDigests(path.join(services.settings.get().dataDir, 'model-digests.json'));
  const router = new Router();
  for (const prefix of ollamaPrefixes) {
    const mounted = endpoints(services, digests);
    router.use(prefix, mounted.routes(), mounted.allowedMethods());
  }
  router.get('/ollama/v1/models', lollmsModels(services, digests));
  return router;
}
