import type { Context } from 'koa';
import { lollmsRagQueryRequest } from '../../../common/api/lollms.js';
import type { Lollms } from './context.js';
import { actorOf } from '../ragActor.js';

/**
 * POST /lollms/v1/rag/query {datastore_id, query, top_k=10, min_similarity=50}: the chunks most similar to
 * the query (LoLLMs documents semantic similarity, so this ranks by vector alone), as LoLLMs' bare array.
 * min_similarity is a percentage of cosine similarity.
 */
export function ragQuery(lollms: Lollms) {
  return async (ctx: Context) => {
    const body = lollmsRagQueryRequest.parse(ctx.request.body ?? {});
    const rag = lollms.services.rag;
    const datastore = rag.readable(actorOf(ctx), body.datastore_id);
    const results = await rag.search(datastore, body.query, { mode: 'vector', topK: Math.min(body.top_k ?? 10, 100), minSimilarity: (body.min_similarity ?? 50) / 100 });
    ctx.body = results.map((result) => {
      const similarity = Math.max(0, Math.min(1, result.similarity));
      return {
        chunk_id: result.chunkId,
        chunk_text: result.text,
        start_pos: result.position.start,
        end_pos: result.position.end,
        file_path: result.sourceName,
        document_metadata: {
          document_id: result.documentId,
          title: result.documentTitle,
          datastore_id: result.datastoreId,
          chunk_index: result.position.index,
          page: result.position.page,
        },
        similarity_score: similarity,
        similarity_percent: Math.round(similarity * 10_000) / 100,
      };
    });
  };
}
