import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Context } from 'koa';
import { InvalidRequestError, PayloadTooLargeError, type HearthError } from '../../../common/errors.js';
import { formatBytes } from '../../../common/format.js';
import { UnsupportedFileTypeError } from '../../../common/rag.js';
import { acceptedFileTypes, detectFileType } from '../../rag/fileTypes.js';
import type { StagedUpload } from '../../rag/RagService.js';
import { multipartParser, parseMultipart } from '../multipartBody.js';

/**
 * Streams the files of a multipart/form-data upload (any field name) into a job's staging folder, hashing
 * them as they pass; nothing is held in memory. A file of a type Hearth can't index (415) or over the limit
 * (413) fails the whole upload: the rest of the body is read and dropped, so the client gets the answer
 * rather than a reset connection.
 */
export async function readUploads(ctx: Context, dir: string, limitBytes: number): Promise<StagedUpload[]> {
  const uploads: StagedUpload[] = [];
  const writes: Promise<void>[] = [];
  let failure: HearthError | null = null;
  const parser = multipartParser(ctx, { fileSize: limitBytes, files: 1000, fields: 100 });
  parser.on('file', (_field, stream, info) => {
    // A body cut short fails the parser and every open file stream with it; the parser's 'error' below
    // reports it, and an unheard 'error' on the file stream would throw and end the process.
    stream.on('error', () => {});
    const fileName = path.basename(info.filename || 'upload');
    const type = detectFileType(fileName, info.mimeType);
    if (failure || !type) {
      failure ??= new UnsupportedFileTypeError(fileName, acceptedFileTypes);
      stream.resume();
      return;
    }
    const staged = String(uploads.length);
    const hash = createHash('sha256');
    let bytes = 0;
    const upload: StagedUpload = { staged, fileName, kind: type.kind, mimeType: type.mimeType, bytes: 0, sha256: '' };
    uploads.push(upload);
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    stream.on('limit', () => {
      failure ??= new PayloadTooLargeError(`'${fileName}' is larger than the ${formatBytes(limitBytes)} a datastore upload accepts (setting ragUploadLimitBytes).`);
    });
    writes.push(
      pipeline(stream, createWriteStream(path.join(dir, staged))).then(() => {
        upload.bytes = bytes;
        upload.sha256 = hash.digest('hex');
      }),
    );
  });
  const finished = parseMultipart(ctx, parser);
  let written: PromiseSettledResult<void>[];
  try {
    await finished;
  } finally {
    // However the body ended, every staged write ends before the caller answers (or removes the folder),
    // and a write the cut body failed is not left as an unhandled rejection, which would end the process.
    written = await Promise.allSettled(writes);
  }
  const failedWrite = written.find((result) => result.status === 'rejected');
  if (failedWrite) throw failedWrite.reason;
  if (failure) throw failure;
  return uploads;
}
