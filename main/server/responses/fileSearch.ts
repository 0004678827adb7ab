import type { ChatSource } from '../../../common/api/openai.js';
import type { ResponsesFileSearchCall } from '../../../common/api/responses.js';
import type { ChatMessage } from '../../engine/types.js';
import { newId } from './translate.js';

/**
 * OpenAI's file_search over Hearth's datastores, reported as its `file_search_call` item: the datastores
 * (the file_search tool's `vector_store_ids`, or an assistant's) were searched with the last user message,
 * as chat with `files` is, and `sources` are the passages that went into the prompt, numbered for citation.
 * `messages` are the request's before the passages were put in.
 */
export function fileSearchCall(messages: readonly ChatMessage[], sources: readonly ChatSource[]): ResponsesFileSearchCall {
  const query = messages.findLast((message) => message.role === 'user')?.content.trim() ?? '';
  return {
    type: 'file_search_call',
    id: newId('fs'),
    queries: query ? [query] : [],
    status: 'completed',
    results: sources.map((source) => ({
      file_id: source.document_id,
      filename: source.document_title,
      score: source.score,
      text: source.text,
      attributes: {
        citation: source.citation,
        datastore_id: source.datastore_id,
        datastore_name: source.datastore_name,
        chunk_id: source.chunk_id,
        ...(source.position.page !== null ? { page: source.position.page } : {}),
      },
    })),
  };
}
