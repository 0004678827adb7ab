import type { Context } from 'koa';
import type { Services } from '../../services.js';

/** DELETE /v1/admin/downloads/:id[?discard=true]: cancels; the .part stays for a later resume unless discarded. */
export function downloadsCancel(services: Services) {
  return async (ctx: Context) => {
    const discard = ctx.query.discard === 'true' || ctx.query.discard === '1';
    ctx.body = await services.downloads.cancel(ctx.params.id!, { discard });
  };
}
