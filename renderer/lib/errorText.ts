import { HearthError } from '../../common/errors.js';

/**
 * A failure in words a person can act on; never a bare status code or "Failed to fetch". The server's
 * own message is kept where it already says what happened (not enough space, a model in use).
 */
export function errorText(error: unknown): string {
  if (!(error instanceof HearthError)) return error instanceof Error && error.message ? error.message : 'Something went wrong.';
  switch (error.status) {
    case 401:
      return 'The server did not accept the API key. Enter a valid key (the key button at the top right).';
    case 403:
      return 'This needs an admin key; the key in use may only read. Switch to an admin key to change things.';
    case 429:
      return `Too many requests for this key${error.retryAfter ? `; try again in ${error.retryAfter} s` : ''}.`;
    default:
      return error.message;
  }
}

export function isPermissionError(error: unknown): boolean {
  return error instanceof HearthError && error.status === 403;
}

/** The server did not answer at all: the offline banner already says so, and the work is redone when it is back. */
export function isServerGone(error: unknown): boolean {
  return error instanceof HearthError && error.code === 'server_unreachable';
}
