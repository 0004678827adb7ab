import type { Context } from 'koa';
import { isJobFinished, type JobRecord } from '../../../common/rag.js';
import type { Services } from '../../services.js';
import { actorOf } from '../ragActor.js';
import { clientGoneSignal, openSse } from '../stream.js';

/**
 * GET /v1/jobs/:id: the job's record; with `Accept: text/event-stream` (or ?stream=true), server-sent
 * snapshots, the current one first, ending with `[DONE]` once the job is finished.
 */
export function jobsGet(services: Services) {
  return async (ctx: Context) => {
    const actor = actorOf(ctx);
    const job = services.rag.getJob(actor, ctx.params.id!);
    const wantsStream = ctx.query.stream === 'true' || ctx.get('accept').includes('text/event-stream');
    if (!wantsStream) {
      ctx.body = job;
      return;
    }
    const signal = clientGoneSignal(ctx);
    const sse = openSse(ctx);
    sse.send(job);
    if (isJobFinished(job)) return sse.end();
    const onJob = (record: JobRecord) => {
      if (record.id !== job.id) return;
      sse.send(record);
      if (isJobFinished(record)) stop();
    };
    const stop = () => {
      services.rag.off('job', onJob);
      signal.removeEventListener('abort', stop);
      sse.end();
    };
    services.rag.on('job', onJob);
    signal.addEventListener('abort', stop, { once: true });
  };
}

/** POST /v1/jobs/:id/cancel: stops after the current batch; what was committed stays. */
export function jobsCancel(services: Services) {
  return async (ctx: Context) => {
    ctx.body = await services.rag.cancelJob(actorOf(ctx), ctx.params.id!);
  };
}
