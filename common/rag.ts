/**
 * RAG datastores as every side shows them (HTTP, CLI, and later IPC): the records, the request bodies of
 * Hearth's `/v1/datastores` and `/v1/jobs` routes, and the errors only datastores raise. Times are ms
 * since the epoch, as in common/downloads.ts.
 */
import { z } from 'zod';
import { HearthError } from './errors.js';

export const datastoreVisibility = z.enum(['private', 'public']);
export type DatastoreVisibility = z.infer<typeof datastoreVisibility>;

/** The model a datastore's vectors come from; a query must be embedded by the same one. */
export const embeddingModelRecord = z.object({
  id: z.string(),
  /** sha256 of the GGUF file the vectors were made with: a changed file under the same id is detected. */
  sha256: z.string(),
  dimension: z.number().int().min(1),
});
export type EmbeddingModelRecord = z.infer<typeof embeddingModelRecord>;

export const datastoreRecord = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  embeddingModel: embeddingModelRecord,
  /** Chunk size and overlap, in the embedding model's own tokens. */
  chunkSize: z.number().int(),
  chunkOverlap: z.number().int(),
  /** The API key that created it, or null for the machine's local user (keys off, or the desktop app). */
  ownerKeyId: z.string().nullable(),
  /** The owner's key alias when it was created; `local` for the local user. */
  ownerName: z.string(),
  visibility: datastoreVisibility,
  documentCount: z.number().int(),
  chunkCount: z.number().int(),
  /** A reindex job in progress; the old index answers queries until it completes. */
  reindexJobId: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type DatastoreRecord = z.infer<typeof datastoreRecord>;

export const documentStatus = z.enum(['queued', 'extracting', 'embedding', 'indexing', 'completed', 'failed', 'cancelled']);
export type DocumentStatus = z.infer<typeof documentStatus>;

export const documentRecord = z.object({
  id: z.string(),
  datastoreId: z.string(),
  title: z.string(),
  /** The uploaded file's name, or `text` for raw text. */
  sourceName: z.string(),
  mimeType: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  chunkCount: z.number().int(),
  status: documentStatus,
  error: z.string().nullable(),
  addedAt: z.number(),
  updatedAt: z.number(),
});
export type DocumentRecord = z.infer<typeof documentRecord>;

export const jobState = documentStatus;
export type JobState = DocumentStatus;

export const jobProgress = z.object({
  documentsTotal: z.number().int(),
  documentsDone: z.number().int(),
  documentsFailed: z.number().int(),
  /** Chunks of the documents chunked so far: it grows as extraction goes on. */
  chunksTotal: z.number().int(),
  chunksDone: z.number().int(),
  bytesTotal: z.number().int(),
  bytesDone: z.number().int(),
  chunksPerSecond: z.number(),
  /** null until there is a rate to judge by. */
  etaSeconds: z.number().nullable(),
});
export type JobProgress = z.infer<typeof jobProgress>;

export const jobRecord = z.object({
  id: z.string(),
  datastoreId: z.string(),
  kind: z.enum(['ingest', 'reindex']),
  state: jobState,
  progress: jobProgress,
  /** The documents of an ingest job, each with its own outcome; one failure never stops the others. */
  documents: z.array(z.object({ id: z.string(), title: z.string(), status: documentStatus, error: z.string().nullable() })),
  /** The target model of a reindex job. */
  model: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type JobRecord = z.infer<typeof jobRecord>;

export function isJobFinished(job: Pick<JobRecord, 'state'>): boolean {
  return job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled';
}

// ---- Request bodies of /v1/datastores (strict: a misspelt option is a 400, not silently ignored).

const name = z.string().trim().min(1).max(200);
const chunkSize = z.number().int().min(32).max(8192);
const chunkOverlap = z.number().int().min(0).max(4096);

export const createDatastoreInput = z
  .object({
    name,
    description: z.string().max(4000).default(''),
    /** The embedding model's id (or alias); the datastore keeps it for every query. */
    model: z.string().min(1),
    chunkSize: chunkSize.default(512),
    chunkOverlap: chunkOverlap.default(64),
    visibility: datastoreVisibility.default('private'),
  })
  .strict()
  .refine((input) => input.chunkOverlap < input.chunkSize, { message: 'chunkOverlap must be smaller than chunkSize', path: ['chunkOverlap'] });
export type CreateDatastoreInput = z.input<typeof createDatastoreInput>;

export const updateDatastoreInput = z.object({ name: name.optional(), description: z.string().max(4000).optional(), visibility: datastoreVisibility.optional() }).strict();
export type UpdateDatastoreInput = z.infer<typeof updateDatastoreInput>;

export const addTextInput = z.object({ text: z.string().min(1), title: z.string().trim().min(1).max(500).optional() }).strict();
export type AddTextInput = z.infer<typeof addTextInput>;

export const searchMode = z.enum(['vector', 'fts', 'hybrid']);
export type SearchMode = z.infer<typeof searchMode>;

export const queryInput = z
  .object({
    query: z.string().trim().min(1).max(10_000),
    mode: searchMode.default('hybrid'),
    topK: z.number().int().min(1).max(100).default(10),
    /** In the mode's own scale: cosine similarity (vector), BM25 (fts), reciprocal-rank score (hybrid). */
    minScore: z.number().optional(),
    /** Only these documents. */
    documentIds: z.array(z.string().min(1)).max(1000).optional(),
  })
  .strict();
export type QueryInput = z.input<typeof queryInput>;

export const reindexInput = z
  .object({ model: z.string().min(1), chunkSize: chunkSize.optional(), chunkOverlap: chunkOverlap.optional() })
  .strict();
export type ReindexInput = z.infer<typeof reindexInput>;

/** Where a chunk sits in its document: characters of the extracted text, and the page for PDFs. */
export const chunkPosition = z.object({ index: z.number().int(), start: z.number().int(), end: z.number().int(), page: z.number().int().nullable() });
export type ChunkPosition = z.infer<typeof chunkPosition>;

export const searchResult = z.object({
  chunkId: z.string(),
  datastoreId: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  sourceName: z.string(),
  text: z.string(),
  /** The mode's own score; higher is better. */
  score: z.number(),
  /** Cosine similarity of the query and the chunk, in every mode. */
  similarity: z.number(),
  position: chunkPosition,
});
export type SearchResult = z.infer<typeof searchResult>;

// ---- Errors only datastores raise (the general ones are in errors.ts).

/** A file whose type Hearth can't extract text from: 415, naming what it accepts. */
export class UnsupportedFileTypeError extends HearthError {
  constructor(fileName: string, accepted: readonly string[]) {
    super(415, 'invalid_request_error', `'${fileName}' is not a type Hearth can index. Accepted: ${accepted.join(', ')}.`, { code: 'unsupported_file_type', param: 'file' });
  }
}

/** The datastore's embedding model is gone or changed since its vectors were made. */
export class EmbeddingModelChangedError extends HearthError {
  constructor(message: string) {
    super(409, 'invalid_request_error', message, { code: 'embedding_model_changed' });
  }
}
