import type { Context } from 'koa';
import type { Services } from '../../services.js';
import { actorOf } from '../ragActor.js';
import { readUploads } from './readUploads.js';

/**
 * POST /v1/datastores/:id/documents: files as multipart/form-data, or JSON {text, title?}. Answers 202 with
 * the ingest job (200 when every document was already indexed unchanged); GET /v1/jobs/:id follows it.
 */
export function documentsAdd(services: Services) {
  return async (ctx: Context) => {
    const actor = actorOf(ctx);
    const id = ctx.params.id!;
    let job;
    if (ctx.is('multipart/form-data')) {
      const { jobId, dir } = await services.rag.beginUpload(actor, id);
      try {
        const uploads = await readUploads(ctx, dir, services.settings.get().ragUploadLimitBytes);
        job = await services.rag.addDocuments(actor, id, jobId, uploads);
      } catch (error) {
        await services.rag.abortUpload(jobId);
        throw error;
      }
    } else {
      job = await services.rag.addText(actor, id, ctx.request.body);
    }
    ctx.status = job.state === 'completed' ? 200 : 202;
    ctx.body = job;
  };
}

export function documentsList(services: Services) {
  return async (ctx: Context) => {
    ctx.body = { object: 'list', data: services.rag.listDocuments(actorOf(ctx), ctx.params.id!) };
  };
}

/** DELETE /v1/datastores/:id/documents/:docId: its chunks, text and record, in the datastore's writer queue. */
export function documentsDelete(services: Services) {
  return async (ctx: Context) => {
    await services.rag.removeDocument(actorOf(ctx), ctx.params.id!, ctx.params.docId!);
    ctx.body = { id: ctx.params.docId, object: 'document', deleted: true };
  };
}
