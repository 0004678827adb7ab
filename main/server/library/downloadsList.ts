import type { Context } from 'koa';
import { NotFoundError } from '../../../common/errors.js';
import type { Services } from '../../services.js';

/** GET /v1/admin/downloads: queued, running and recent downloads. */
export function downloadsList(services: Services) {
  return (ctx: Context) => {
    ctx.body = { object: 'list', data: services.downloads.list() };
  };
}

/** GET /v1/admin/downloads/:id */
export function downloadsGet(services: Services) {
  return (ctx: Context) => {
    const record = services.downloads.get(ctx.params.id!);
    if (!record) throw new NotFoundError(`No download '${ctx.params.id}'.`, { code: 'download_not_found' });
    ctx.body = record;
  };
}
