import type { Context } from 'koa';
import { z } from 'zod';
import type { Services } from '../../services.js';

const query = z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(100) });

/** GET /v1/admin/requests?limit=N: the newest API requests first; prompt text only with logPrompts. */
export function requests(services: Services) {
  return (ctx: Context) => {
    const { limit } = query.parse(ctx.query);
    ctx.body = { object: 'list', data: services.stats.recent(limit) };
  };
}
