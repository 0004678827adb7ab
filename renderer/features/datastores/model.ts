/**
 * What the Datastores screen derives from the records, kept apart from React and the store so it can be
 * tested alone: which models can embed, who may change a datastore, and a job's progress in words.
 */
import type { ModelSummary } from '../../../common/ipc/contract.js';
import type { LocalModel } from '../../../common/library.js';
import { isJobFinished, type DatastoreRecord, type DocumentStatus, type JobRecord } from '../../../common/rag.js';
import { formatDuration } from '../../lib/format.js';

export interface EmbeddingOption {
  id: string;
  dimension: number;
  /** The GGUF says it is an embedding model (no text generation): the better choice for search. */
  isEmbeddingModel: boolean;
}

/**
 * Models the engine can take vectors from: every model whose header states an embedding length. Dedicated
 * embedding models come first (the library knows which, for an admin); a chat model works, searching worse.
 */
export function embeddingOptions(models: readonly ModelSummary[], library: readonly LocalModel[]): EmbeddingOption[] {
  const embeddingOnly = new Set(library.filter((model) => model.isEmbeddingOnly).map((model) => model.id));
  return models
    .filter((model) => (model.embeddingLength ?? 0) > 0 && model.state !== 'error')
    .map((model) => ({ id: model.id, dimension: model.embeddingLength!, isEmbeddingModel: embeddingOnly.has(model.id) }))
    .sort((a, b) => Number(b.isEmbeddingModel) - Number(a.isEmbeddingModel) || a.id.localeCompare(b.id));
}

export function embeddingOptionLabel(option: EmbeddingOption): string {
  return `${option.id} · ${option.dimension}-dim${option.isEmbeddingModel ? ' · embedding model' : ''}`;
}

/** The public id inside a Hearth key (`hearth_<id>_<secret>`, main/keys/hashKey.ts), or null. */
export function keyIdOf(key: string | null | undefined): string | null {
  return /^hearth_([0-9a-f]{16})_/.exec(key ?? '')?.[1] ?? null;
}

/**
 * Whether the server lets this caller change a datastore: admins (and the local user) change all; a user
 * key its own only, since another user's public datastore is read-only to it (main/rag/access.ts).
 */
export function canWrite(record: Pick<DatastoreRecord, 'ownerKeyId'>, role: 'admin' | 'user' | undefined, ownKeyId: string | null): boolean {
  return role !== 'user' || (ownKeyId !== null && record.ownerKeyId === ownKeyId);
}

const statusWords: Record<DocumentStatus, string> = {
  queued: 'queued',
  extracting: 'extracting text',
  embedding: 'embedding',
  indexing: 'indexing',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** A document's state in a job, with the job's chunk count while it embeds ("embedding 12 of 40 chunks"). */
export function documentStatusText(status: DocumentStatus, job?: Pick<JobRecord, 'progress'>): string {
  if (status === 'embedding' && job && job.progress.chunksTotal > 0) return `embedding ${job.progress.chunksDone} of ${job.progress.chunksTotal} chunks`;
  return statusWords[status];
}

/** The share of a job done, 0 to 1, or null while its size is still unknown. */
export function jobFraction(job: Pick<JobRecord, 'progress' | 'state'>): number | null {
  if (job.state === 'completed') return 1;
  const { chunksDone, chunksTotal, documentsDone, documentsTotal } = job.progress;
  if (chunksTotal > 0) return chunksDone / chunksTotal;
  return documentsTotal > 0 && documentsDone > 0 ? documentsDone / documentsTotal : null;
}

/** One line on a job: what it does and how far it is, with speed and time left when known. */
export function jobSummary(job: JobRecord): string {
  const { progress } = job;
  const documents = `${progress.documentsDone} of ${progress.documentsTotal} document${progress.documentsTotal === 1 ? '' : 's'}`;
  const what = job.kind === 'reindex' ? `Reindexing with ${job.model ?? 'another model'}` : 'Adding documents';
  if (isJobFinished(job)) {
    const failed = progress.documentsFailed > 0 ? `, ${progress.documentsFailed} failed` : '';
    if (job.state === 'completed') return `${what}: done, ${documents}${failed}.`;
    if (job.state === 'cancelled') return `${what}: cancelled after ${documents}.`;
    // A document's own error is shown beside it; repeat only a failure of the job as a whole.
    const reason = job.error && !job.documents.some((document) => document.error === job.error) ? ` — ${job.error}` : '';
    if (job.kind === 'reindex') return `${what}: failed${reason.replace(/\.$/, '')}. The old index still answers.`;
    return `${what}: failed, ${progress.documentsFailed || progress.documentsTotal} of ${progress.documentsTotal} document${progress.documentsTotal === 1 ? '' : 's'} not added${reason}`;
  }
  const parts = [documents];
  if (progress.chunksTotal > 0) parts.push(`${progress.chunksDone} of ${progress.chunksTotal} chunks embedded`);
  if (progress.chunksPerSecond > 0) parts.push(`${progress.chunksPerSecond.toFixed(1)} chunks/s`);
  if (progress.etaSeconds !== null) parts.push(`about ${formatDuration(progress.etaSeconds)} left`);
  return `${what}${job.state === 'queued' ? ' (queued)' : ''}: ${parts.join(' · ')}`;
}

/** A document type as people say it, from its MIME type. */
export function documentTypeLabel(mimeType: string): string {
  const known: Record<string, string> = {
    'application/pdf': 'PDF',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
    'text/html': 'HTML',
    'text/markdown': 'Markdown',
    'text/plain': 'Text',
    'text/csv': 'CSV',
    'application/json': 'JSON',
  };
  return known[mimeType] ?? mimeType;
}

/**
 * The server lists what it accepts as `application/pdf (.pdf), …`; people know files by their endings,
 * so only those are kept. A message in another shape is left as it is.
 */
export function withExtensionsOnly(message: string): string {
  return message.replace(/Accepted: (.+)\.$/, (whole, list: string) => {
    const extensions = [...list.matchAll(/\(([^)]+)\)/g)].map((match) => match[1]);
    return extensions.length ? `Accepted: ${extensions.join(', ')}.` : whole;
  });
}
