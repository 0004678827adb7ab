import type { Context } from 'koa';
import type { Services } from '../../services.js';

/** GET /v1/admin/keys: every key without its secret. */
export function keysList(services: Services) {
  return (ctx: Context) => {
    ctx.body = { object: 'list', data: services.keys.list() };
  };
}
