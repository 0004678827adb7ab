import type { HearthError } from '../../common/errors.js';
import type { ApiFamily } from './apiPaths.js';

/**
 * Anthropic's error types by status (its "Errors" page). 503 is Anthropic's 529 `overloaded_error`
 * (errorStatus), the status its SDK and Claude Code back off on.
 */
function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
    case 405:
    case 415:
    case 422:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 408:
      return 'timeout_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
      return 'overloaded_error';
    default:
      return 'api_error';
  }
}

/** The status a family answers an error with: the error's own, but for Anthropic's 529 when the engine is busy. */
export function errorStatus(family: ApiFamily, error: HearthError): number {
  return family === 'anthropic' && error.status === 503 ? 529 : error.status;
}

/**
 * The body each family sends for an error, in a response and (for the families that have one) as a
 * stream's last event. The one place these shapes are written.
 */
export function errorBody(family: ApiFamily, error: HearthError): unknown {
  switch (family) {
    case 'openai':
      return { error: { message: error.message, type: error.type, param: error.param, code: error.code } };
    case 'anthropic':
      return { type: 'error', error: { type: anthropicErrorType(error.status), message: error.message } };
    case 'ollama':
      return { error: error.message };
    case 'locallab':
      return { detail: error.message, error: { message: error.message, type: error.type, code: error.code } };
  }
}
