import type { Context } from 'koa';
import { startDownloadBody } from '../../../common/downloads.js';
import type { Services } from '../../services.js';

/** POST /v1/admin/downloads {ref}: queues a download and answers 202 with its record at once. */
export function downloadsStart(services: Services) {
  return async (ctx: Context) => {
    const { ref } = startDownloadBody.parse(ctx.request.body ?? {});
    const record = await services.downloads.start(ref);
    ctx.status = record.state === 'completed' ? 200 : 202;
    ctx.body = record;
  };
}
