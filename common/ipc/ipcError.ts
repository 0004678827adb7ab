import { z } from 'zod';
import { HearthError, type OpenAiErrorType } from '../errors.js';
import type { IpcErrorData } from './contract.js';

/** Turns anything a handler threw into data that survives the bridge; bugs keep their stack in main's log only. */
export function toIpcError(error: unknown): IpcErrorData {
  if (error instanceof HearthError) {
    const data: IpcErrorData = { code: error.code ?? error.type, message: error.message, status: error.status };
    if (error.retryAfter !== undefined) data.retryAfter = error.retryAfter;
    return data;
  }
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    const where = issue && issue.path.length > 0 ? `'${issue.path.map(String).join('.')}': ` : '';
    return { code: 'invalid_input', message: `${where}${issue?.message ?? 'invalid input'}`, status: 400 };
  }
  return { code: 'internal_error', message: 'Hearth had an internal error; the log has the details.', status: 500 };
}

/** The OpenAI error type a status stands for, as the server's routes answer it. */
export function errorTypeOf(status: number): OpenAiErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 501) return 'not_supported_error';
  if (status === 503) return 'unavailable_error';
  return status >= 400 && status < 500 ? 'invalid_request_error' : 'server_error';
}

/** The renderer's side of toIpcError: the same status, code and message the web UI would get. */
export function fromIpcError(error: IpcErrorData): HearthError {
  const status = Number.isInteger(error.status) && error.status >= 400 && error.status < 600 ? error.status : 500;
  return new HearthError(status, errorTypeOf(status), error.message, { code: error.code, retryAfter: error.retryAfter });
}

/** A server's error answer (any family's shape) as a HearthError with the same status. */
export function fromHttpError(status: number, body: unknown, retryAfter?: number): HearthError {
  const raw = (body as { error?: unknown; detail?: unknown } | null)?.error;
  const error = typeof raw === 'object' && raw !== null ? (raw as { message?: string; type?: string; code?: string | null; param?: string | null }) : {};
  const message = error.message ?? (typeof raw === 'string' ? raw : `The server answered ${status}.`);
  const type = (error.type ?? errorTypeOf(status)) as OpenAiErrorType;
  return new HearthError(status, type, message, { code: error.code ?? null, param: error.param ?? null, retryAfter });
}
