import type { Context } from 'koa';
import { catalog } from '../../library/catalog.js';

/** GET /v1/admin/library/catalog: recommended models to start with. */
export function catalogList() {
  return (ctx: Context) => {
    ctx.body = { object: 'list', data: catalog };
  };
}
