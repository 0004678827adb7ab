import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../../log.js';

/** Token counts an endpoint reports for the log line and the statistics. */
export interface RequestUsage {
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
}

/**
 * The route pattern (`POST /v1/chat/completions`, `GET /v1/models/*id`) rather than the path, so model
 * ids and other parameters don't scatter the log; known once a router has matched.
 */
export function routeOf(ctx: Context): string {
  if (ctx.state.route) return ctx.state.route;
  const matched = (ctx as Context & { _matchedRoute?: string | RegExp })._matchedRoute;
  return matched ? `${ctx.method} ${String(matched)}` : `${ctx.method} ${ctx.path}`;
}

/** One log line per request, written when the response is finished (streams included). */
export function requestLogMiddleware(logger: Logger) {
  return async function requestLog(ctx: Context, next: Next): Promise<void> {
    const started = performance.now();
    const id = ctx.get('x-request-id') || randomUUID();
    ctx.state.requestId = id;
    ctx.state.logger = logger.child({ requestId: id });
    ctx.set('X-Request-Id', id);
    ctx.res.once('close', () => {
      const usage: RequestUsage = ctx.state.usage ?? {};
      logger.info(
        {
          requestId: id,
          method: ctx.method,
          route: routeOf(ctx),
          status: ctx.state.error?.status ?? ctx.status,
          durationMs: Math.round(performance.now() - started),
          model: usage.model,
          promptTokens: usage.promptTokens,
          completionTokens: usage.completionTokens,
          aborted: !ctx.res.writableFinished || undefined,
        },
        'request',
      );
    });
    await next();
  };
}
