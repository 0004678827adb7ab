import type { Context } from 'koa';
import { toDownloadProgress, type DownloadRecord } from '../../../common/downloads.js';
import type { IpcEventName, IpcEvents } from '../../../common/ipc/events.js';
import type { JobRecord } from '../../../common/rag.js';
import type { RequestRecord } from '../../../common/stats.js';
import type { Services } from '../../services.js';
import { clientGoneSignal, openSse } from '../stream.js';

/** A comment-free keep-alive the UI reads as "still there"; a silent connection is taken for dead. */
const pingMs = 15_000;

type Send = <E extends IpcEventName>(type: E, data: IpcEvents[E]) => void;

/**
 * Model states after each engine change. Snapshots are taken one at a time (the list reads the disk), and
 * a burst of changes gives one more snapshot, not one each. Evictions the scheduler announces ride along
 * with the next snapshot, so the UI learns why a model left together with its new state.
 */
function watchModels(services: Services, send: Send): { stop(): void; refresh(): void } {
  let evictions: { id: string; for: string | null }[] = [];
  let running = false;
  let again = false;
  let closed = false;
  const snapshot = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const evicted = evictions;
        evictions = [];
        const models = await services.engine.listModels();
        if (closed) return;
        send('models:onDidChange', { models: models.map(({ file: _file, ...summary }) => summary), evicted });
      } while (again && !closed);
    } catch (error) {
      services.logger.warn({ err: error }, 'event feed: model snapshot failed');
    } finally {
      running = false;
    }
  };
  const onChange = () => void snapshot();
  const onEvict = (eviction: { id: string; for: string }) => evictions.push(eviction);
  services.engine.on('evict', onEvict);
  services.engine.on('change', onChange);
  void snapshot();
  return {
    // A finished download adds a model without the engine changing.
    refresh: onChange,
    stop() {
      closed = true;
      services.engine.off('change', onChange);
      services.engine.off('evict', onEvict);
    },
  };
}

/**
 * GET /v1/admin/events: the desktop and web UI's live feed, as server-sent events `{type, data}` named as
 * the IPC contract's events (common/ipc/events.ts): model states with evictions, download progress, job
 * progress, each finished API request, and key and settings changes; a ping every 15 s. Admin only.
 */
export function events(services: Services) {
  return (ctx: Context) => {
    const signal = clientGoneSignal(ctx);
    const sse = openSse(ctx);
    const send: Send = (type, data) => void sse.send({ type, data });
    const models = watchModels(services, send);
    const onDownload = (record: DownloadRecord) => {
      send('downloads:onDidProgress', toDownloadProgress(record));
      if (record.state === 'completed') models.refresh();
    };
    const onJob = (record: JobRecord) => send('rag:onDidJobProgress', record);
    const onRequest = (record: RequestRecord) => send('requests:onDidRecord', record);
    const onKeys = () => send('keys:onDidChange', {});
    const onSettings = () => send('settings:onDidChange', {});
    services.downloads.on('progress', onDownload);
    services.rag.on('job', onJob);
    services.stats.on('record', onRequest);
    services.keys.on('change', onKeys);
    services.settings.on('change', onSettings);
    for (const record of services.downloads.list()) onDownload(record);
    const ping = setInterval(() => sse.send({ type: 'ping' }), pingMs);
    const stop = () => {
      clearInterval(ping);
      models.stop();
      services.downloads.off('progress', onDownload);
      services.rag.off('job', onJob);
      services.stats.off('record', onRequest);
      services.keys.off('change', onKeys);
      services.settings.off('change', onSettings);
      sse.end();
    };
    signal.addEventListener('abort', stop, { once: true });
  };
}
