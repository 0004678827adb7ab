import { z } from 'zod';
import { AuthenticationError, HearthError, InvalidRequestError, NotFoundError, PermissionError, type OpenAiErrorType } from '../errors.js';

export interface IpcError {
  code: string;
  message: string;
}

/** Turns anything a handler threw into data that survives the bridge; bugs keep their stack in main's log only. */
export function toIpcError(error: unknown): IpcError {
  if (error instanceof HearthError) return { code: error.code ?? error.type, message: error.message };
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    const where = issue && issue.path.length > 0 ? `'${issue.path.map(String).join('.')}': ` : '';
    return { code: 'invalid_input', message: `${where}${issue?.message ?? 'invalid input'}` };
  }
  return { code: 'internal_error', message: 'Hearth had an internal error; the log has the details.' };
}

/** The renderer's side of toIpcError: a failure becomes the HearthError subclass its code names. */
export function fromIpcError(error: IpcError): HearthError {
  switch (error.code) {
    case 'invalid_api_key':
      return new AuthenticationError(error.message);
    case 'permission_error':
      return new PermissionError(error.message);
    case 'model_not_found':
    case 'not_found_error':
      return new NotFoundError(error.message, { code: error.code });
    case 'invalid_input':
    case 'invalid_value':
      return new InvalidRequestError(error.message, { code: error.code });
    default:
      return new HearthError(500, 'server_error', error.message, { code: error.code });
  }
}

/** A server's error answer (any family's shape) as a HearthError with the same status. */
export function fromHttpError(status: number, body: unknown): HearthError {
  const raw = (body as { error?: unknown; detail?: unknown } | null)?.error;
  const error = typeof raw === 'object' && raw !== null ? (raw as { message?: string; type?: string; code?: string | null; param?: string | null }) : {};
  const message = error.message ?? (typeof raw === 'string' ? raw : `The server answered ${status}.`);
  const type = (error.type ?? (status === 401 ? 'authentication_error' : 'server_error')) as OpenAiErrorType;
  return new HearthError(status, type, message, { code: error.code ?? null, param: error.param ?? null });
}
