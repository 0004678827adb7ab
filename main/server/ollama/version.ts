import type { Context } from 'koa';
import type { OllamaVersionResponse } from '../../../common/api/ollama.js';

/**
 * The Ollama API version Hearth answers as. Clients compare it to decide which features to use
 * (Open WebUI, for instance, wants a recent one), so it names the Ollama release whose REST API these
 * routes follow, not Hearth's own version.
 */
export const ollamaCompatibleVersion = '0.12.0';

/** GET /api/version. */
export function version() {
  return async function ollamaVersion(ctx: Context): Promise<void> {
    ctx.body = { version: ollamaCompatibleVersion } satisfies OllamaVersionResponse;
  };
}
