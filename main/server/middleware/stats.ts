import type { Context, Next } from 'koa';
import type { RequestRecord } from '../../../common/stats.js';
import type { ApiKeyStore } from '../../keys/ApiKeyStore.js';
import type { StatsService } from '../../stats/StatsService.js';
import type { RequestUsage } from './requestLog.js';
import { isApiPath } from '../apiPaths.js';

export interface StatsOptions {
  stats: StatsService;
  keys: ApiKeyStore;
  /** Whether the request log may keep prompt text (the logPrompts setting). */
  logPrompts: () => boolean;
}

const maxPromptChars = 4096;

/**
 * Records every API request when its response closes (streams included), from
 * what the endpoint left on ctx.state: `usage` for tokens, `error` for failures.
 * Admin reads are left out so a dashboard polling them doesn't fill the log.
 */
export function statsMiddleware(options: StatsOptions) {
  return async function stats(ctx: Context, next: Next): Promise<void> {
    if (!isApiPath(ctx.path) || (ctx.method === 'GET' && /^\/v1\/admin\//i.test(ctx.path))) return next();
    // A streamed response gathers about ten 'close' listeners (the log, these records, the
    // rate limiter, the abort signal, Koa's stream pipeline), one each, so none leak; raise
    // the warning threshold instead of warning on every stream.
    ctx.res.setMaxListeners(Math.max(ctx.res.getMaxListeners(), 20));
    const startedAt = new Date();
    const started = performance.now();
    ctx.res.once('close', () => {
      const usage: RequestUsage = ctx.state.usage ?? {};
      const auth = ctx.state.auth;
      const record: RequestRecord = {
        time: startedAt.toISOString(),
        requestId: ctx.state.requestId ?? '',
        method: ctx.method,
        route: ctx.path,
        status: ctx.state.error?.status ?? ctx.status,
        durationMs: Math.round(performance.now() - started),
        keyId: auth?.keyId ?? null,
        keyAlias: auth?.alias ?? null,
        model: usage.model ?? null,
        promptTokens: usage.promptTokens ?? 0,
        completionTokens: usage.completionTokens ?? 0,
        error: ctx.state.error?.type ?? null,
      };
      if (options.logPrompts()) record.prompt = promptText(ctx.request.body);
      options.stats.record(record);
      if (record.keyId) options.keys.recordUsage(record.keyId, record);
    });
    await next();
  };
}

function promptText(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { messages, prompt, input } = body as Record<string, unknown>;
  const text = messages ?? prompt ?? input;
  if (text === undefined) return undefined;
  return (typeof text === 'string' ? text : JSON.stringify(text)).slice(0, maxPromptChars);
}
