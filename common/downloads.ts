import { z } from 'zod';
import { formatBytes } from './format.js';
import { HearthError } from './errors.js';

export const downloadState = z.enum(['queued', 'downloading', 'verifying', 'completed', 'failed', 'cancelled']);
export type DownloadState = z.infer<typeof downloadState>;

/** One file of a download; a split model has one per part. */
export const downloadFile = z.object({
  /** Final name in the models dir (sanitized). */
  fileName: z.string(),
  url: z.string(),
  /** Bytes, when the server or Hugging Face said so. */
  sizeBytes: z.number().nullable(),
  /** The sha256 Hugging Face publishes (the LFS oid), when known. */
  sha256: z.string().nullable(),
  receivedBytes: z.number(),
  /** ETag or Last-Modified of the bytes in the .part file, sent as If-Range when resuming. */
  validator: z.string().nullable(),
  done: z.boolean(),
});
export type DownloadFile = z.infer<typeof downloadFile>;

/** A download as every process shows it; pushed as a snapshot on each progress event. */
export const downloadRecord = z.object({
  id: z.string(),
  /** What the user asked for, e.g. `hf.co/USER/REPO:Q4_K_M`. */
  ref: z.string(),
  /** The model id the engine will list once done. */
  modelId: z.string(),
  /**
   * The folder in the models dir a folder model (a Whisper model: several files) is written to; its files'
   * names are inside it. Absent for GGUF models, whose files sit directly in the models dir.
   */
  folder: z.string().optional(),
  state: downloadState,
  files: z.array(downloadFile),
  totalBytes: z.number().nullable(),
  receivedBytes: z.number(),
  bytesPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** ms since the epoch. */
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type DownloadRecord = z.infer<typeof downloadRecord>;

/**
 * A download as the UIs show it: the record without its files (a voice is ~450 of them, ~100 KB of JSON in
 * each of five snapshots a second), with how many there are and how many are done instead.
 */
export const downloadProgress = downloadRecord.omit({ files: true }).extend({
  fileCount: z.number().int(),
  /** Files received in full (verified or not yet). */
  filesDone: z.number().int(),
});
export type DownloadProgress = z.infer<typeof downloadProgress>;

export function toDownloadProgress({ files, ...record }: DownloadRecord): DownloadProgress {
  const received = (file: DownloadFile) => file.done || (file.sizeBytes !== null && file.receivedBytes >= file.sizeBytes);
  return { ...record, fileCount: files.length, filesDone: files.filter(received).length };
}

export const startDownloadBody = z.object({ ref: z.string().min(1) });

/** The remote failed or answered something Hearth can't use. */
export class UpstreamError extends HearthError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(502, 'server_error', message, { code: options.code ?? 'upstream_error', cause: options.cause });
  }
}

/**
 * A download that would eat into the free space Hearth keeps on the models disk (`keptFreeBytes`): refused up
 * front when its size is known (`neededBytes`), or stopped while writing (`neededBytes` null: a size nobody
 * announced, after `writtenBytes`); its .part file stays, so pulling it again resumes once there is room.
 */
export class InsufficientDiskSpaceError extends HearthError {
  constructor(
    readonly neededBytes: number | null,
    readonly freeBytes: number,
    readonly keptFreeBytes = 0,
    readonly writtenBytes = 0,
  ) {
    const kept = keptFreeBytes > 0 ? `, and Hearth keeps ${formatBytes(keptFreeBytes)} of the disk free` : '';
    super(
      507,
      'server_error',
      neededBytes === null
        ? `Not enough disk space: the download was stopped after ${formatBytes(writtenBytes)} (the server did not say how large it is); ${formatBytes(freeBytes)} are free in the models dir${kept}. Free some space and pull it again to resume.`
        : `Not enough disk space: the download needs ${formatBytes(neededBytes)}; ${formatBytes(freeBytes)} are free in the models dir${kept}.`,
      { code: 'insufficient_disk_space' },
    );
  }
}

/** A downloaded file failed its sha256 or GGUF check; it was deleted. */
export class VerificationError extends HearthError {
  constructor(message: string, code: 'checksum_mismatch' | 'invalid_gguf' | 'size_mismatch') {
    super(422, 'invalid_request_error', message, { code });
  }
}

