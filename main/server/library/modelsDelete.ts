import type { Context } from 'koa';
import { z } from 'zod';
import type { Services } from '../../services.js';

const query = z.object({ unload: z.enum(['true', 'false', '1', '0']).optional() });

/** DELETE /v1/admin/library/models/:id[?unload=true]: 409 while loaded unless unload is set. */
export function modelsDelete(services: Services) {
  return async (ctx: Context) => {
    const { unload } = query.parse(ctx.query);
    await services.library.delete(ctx.params.id!, { unload: unload === 'true' || unload === '1' });
    ctx.body = { id: ctx.params.id, object: 'model', deleted: true };
  };
}
