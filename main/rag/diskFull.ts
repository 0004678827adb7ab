import { HearthError } from '../../common/errors.js';

/** Node's codes for a write the disk (or a quota, or a file-size limit) has no room for. */
const codes = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
/**
 * LanceDB's native errors carry no code, only the OS's words and number: "No space left on device (os error 28)",
 * "File too large (os error 27)", "Disk quota exceeded (os error 122)" on Linux (69 for EDQUOT on macOS).
 */
const osWords = /No space left on device|File too large|Disk quota exceeded|os error (?:27|28|122)\b/i;

export function isDiskFull(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return codes.has((error as NodeJS.ErrnoException).code ?? '') || osWords.test(error.message);
}

/**
 * A write to the datastores found no room. It ends an ingest job (every document after it would fail the same
 * way) with this reason; what was committed before stays searchable, since LanceDB commits a write whole or not
 * at all. 507, as WebDAV names a server out of storage.
 */
export class DiskFullError extends HearthError {
  constructor(cause: Error) {
    const said = osWords.exec(cause.message)?.[0] ?? (cause as NodeJS.ErrnoException).code ?? 'no room left';
    super(507, 'server_error', `The disk has no room left for the datastore (${said}). What was indexed before stays searchable; free some space, then add the documents again.`, {
      code: 'disk_full',
      cause,
    });
  }
}
