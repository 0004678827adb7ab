import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Context } from 'koa';
import { InvalidRequestError, PayloadTooLargeError, type HearthError } from '../../../common/errors.js';
import { formatBytes } from '../../../common/format.js';
import { UnsupportedFileTypeError } from '../../../common/rag.js';
import { acceptedFileTypes, detectFileType } from '../../rag/fileTypes.js';
import type { StagedUpload } from '../../rag/RagService.js';

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
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: ctx.req.headers, limits: { fileSize: limitBytes, files: 1000, fields: 100 }, defParamCharset: 'utf8' });
  } catch (error) {
    throw new InvalidRequestError(`The multipart body could not be read: ${(error as Error).message}`, { param: 'file' });
  }
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
  const finished = new Promise<void>((resolve, reject) => {
    parser.once('close', resolve);
    // 'on', not 'once': the parser may fail again on the rest of the body (one malformed part header after
    // another), and an 'error' nobody hears ends the process. Its rest is not read: close the connection after the answer.
    parser.on('error', (error: Error) => {
      ctx.req.unpipe(parser);
      ctx.set('Connection', 'close');
      reject(new InvalidRequestError(`The multipart body could not be read: ${error.message}`, { param: 'file' }));
    });
  });
  // pipe() passes on the end of the body but not its loss: a client that leaves mid-body must end the
  // parser too, or this request waits forever.
  ctx.req.once('close', () => {
    if (!ctx.req.complete) parser.destroy(new Error('the client left before the body was complete'));
  });
  ctx.req.pipe(parser);
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
