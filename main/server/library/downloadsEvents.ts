import type { Context } from 'koa';
import type { DownloadRecord } from '../../../common/downloads.js';
import { NotFoundError } from '../../../common/errors.js';
import { isFinished } from '../../downloads/downloadQueueFile.js';
import type { Services } from '../../services.js';
import { clientGoneSignal, openSse } from '../stream.js';

/**
 * GET /v1/admin/downloads/events (all) or /v1/admin/downloads/:id/events (one):
 * server-sent snapshots, first the current state, then one per change. The
 * one-download stream ends with `[DONE]` once that download is finished.
 */
export function downloadsEvents(services: Services) {
  return async (ctx: Context) => {
    const id = ctx.params.id;
    if (id !== undefined && !services.downloads.get(id)) throw new NotFoundError(`No download '${id}'.`, { code: 'download_not_found' });
    const signal = clientGoneSignal(ctx);
    const sse = openSse(ctx);
    const initial = id === undefined ? services.downloads.list() : [services.downloads.get(id)!];
    for (const record of initial) sse.send(record);
    if (id !== undefined && isFinished(initial[0]!)) return sse.end();

    const onProgress = (record: DownloadRecord) => {
      if (id !== undefined && record.id !== id) return;
      sse.send(record);
      if (id !== undefined && isFinished(record)) stop();
    };
    const stop = () => {
      services.downloads.off('progress', onProgress);
      signal.removeEventListener('abort', stop);
      sse.end();
    };
    services.downloads.on('progress', onProgress);
    signal.addEventListener('abort', stop, { once: true });
  };
}
