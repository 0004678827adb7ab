import { HearthError, type OpenAiErrorType } from '../../common/errors.js';
import type { BindingRecord } from '../../common/bindings.js';

/**
 * The upstream could not be reached (refused, reset, DNS, TLS) or gave no answer in time: 502 naming the
 * binding and its URL. `beforeOutput` marks a failure no byte of the answer had passed yet, so the request
 * may go to another upstream serving the same model.
 */
export class UpstreamUnreachableError extends HearthError {
  constructor(
    readonly bindingId: string,
    message: string,
    options: { cause?: unknown; code?: string } = {},
  ) {
    super(502, 'unavailable_error', message, { code: options.code ?? 'upstream_unreachable', cause: options.cause });
  }
}

/** Every upstream serving the model is down. */
export class NoHealthyUpstreamError extends HearthError {
  constructor(model: string, tried: string[], last: HearthError | undefined) {
    super(502, 'unavailable_error', `No upstream serving '${model}' answered (tried ${tried.join(', ')})${last ? `; the last said: ${last.message}` : '.'}`, { code: 'upstream_unreachable' });
  }
}

export function unreachable(binding: BindingRecord, cause: unknown): UpstreamUnreachableError {
  const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
  return new UpstreamUnreachableError(binding.id, `The binding '${binding.name}' at ${binding.baseUrl} is unreachable: ${reason}.`, { cause });
}

export function timedOut(binding: BindingRecord): UpstreamUnreachableError {
  return new UpstreamUnreachableError(binding.id, `The binding '${binding.name}' at ${binding.baseUrl} did not answer within ${binding.timeoutMs} ms.`, { code: 'upstream_timeout' });
}

const typeByStatus: Record<number, OpenAiErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
};

/**
 * An upstream's error answer as a HearthError: a 4xx keeps its status and the upstream's own message
 * (the client's request was wrong there too); anything else is a 502 that names the binding.
 */
export async function upstreamHttpError(binding: BindingRecord, response: Response): Promise<HearthError> {
  const text = await response.text().catch(() => '');
  let message = text.trim().slice(0, 2000);
  let code: string | null = null;
  try {
    const body = JSON.parse(text) as { error?: string | { message?: string; code?: string | null }; message?: string; detail?: string };
    if (typeof body.error === 'string') message = body.error;
    else if (body.error?.message) {
      message = body.error.message;
      code = body.error.code ?? null;
    } else if (typeof body.message === 'string') message = body.message;
    else if (typeof body.detail === 'string') message = body.detail;
  } catch {}
  const status = response.status;
  if (status >= 400 && status < 500) {
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    return new HearthError(status, typeByStatus[status] ?? 'invalid_request_error', `${message || `HTTP ${status}`} (from the binding '${binding.name}')`, { code, retryAfter });
  }
  return new UpstreamUnreachableError(binding.id, `The binding '${binding.name}' at ${binding.baseUrl} answered ${status}: ${message || response.statusText}.`, { code: 'upstream_error' });
}
