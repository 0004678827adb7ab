import type { Context } from 'koa';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { clientGoneSignal } from '../stream.js';

const query = z.object({ q: z.string().default(''), limit: z.coerce.number().int().min(1).max(100).default(20) });

/** GET /v1/admin/library/search?q=WORDS&limit=N: GGUF repos on Hugging Face, most downloaded first. */
export function search(services: Services) {
  return async (ctx: Context) => {
    const { q, limit } = query.parse(ctx.query);
    ctx.body = { object: 'list', data: await services.library.search(q, limit, clientGoneSignal(ctx)) };
  };
}
