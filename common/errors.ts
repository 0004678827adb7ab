/**
 * Errors that Hearth expects and can explain to a client. Anything thrown that
 * is not a HearthError is a bug: it answers 500 with a generic message and the
 * full stack goes to the log.
 */
export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'not_supported_error'
  | 'unavailable_error'
  | 'server_error';

export interface HearthErrorOptions {
  param?: string | null;
  code?: string | null;
  /** Seconds a client should wait before retrying (429 and 503). */
  retryAfter?: number;
  cause?: unknown;
}

export class HearthError extends Error {
  readonly status: number;
  readonly type: OpenAiErrorType;
  readonly code: string | null;
  readonly param: string | null;
  readonly retryAfter: number | undefined;
  /** Whether the message is safe to show to the client (true for 4xx). */
  readonly expose: boolean;

  constructor(status: number, type: OpenAiErrorType, message: string, options: HearthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.type = type;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.retryAfter = options.retryAfter;
    this.expose = status < 500 || status === 501 || status === 503;
  }
}

export class InvalidRequestError extends HearthError {
  constructor(message: string, options: HearthErrorOptions = {}) {
    super(400, 'invalid_request_error', message, { code: 'invalid_value', ...options });
  }
}

export class ContextLengthError extends HearthError {
  constructor(message: string, readonly contextSize: number, readonly promptTokens: number) {
    super(400, 'invalid_request_error', message, { code: 'context_length_exceeded', param: 'messages' });
  }
}

export class AuthenticationError extends HearthError {
  constructor(message: string) {
    super(401, 'authentication_error', message, { code: 'invalid_api_key' });
  }
}

export class PermissionError extends HearthError {
  constructor(message: string) {
    super(403, 'permission_error', message);
  }
}

export class NotFoundError extends HearthError {
  constructor(message: string, options: HearthErrorOptions = {}) {
    super(404, 'not_found_error', message, options);
  }
}

export class ModelNotFoundError extends NotFoundError {
  constructor(readonly modelId: string) {
    super(`The model '${modelId}' does not exist. GET /v1/models lists the models Hearth can serve.`, {
      code: 'model_not_found',
      param: 'model',
    });
  }
}

/**
 * A model on disk whose GGUF header Hearth refuses to read (corrupt, truncated, hostile): it is listed
 * with the reason and never loaded. 422: the name is right, the file behind it is not usable.
 */
export class UnreadableModelError extends HearthError {
  constructor(
    readonly modelId: string,
    /** Why, as the listing shows it: "unreadable model file: …". */
    readonly reason: string,
  ) {
    super(422, 'invalid_request_error', `The model '${modelId}' cannot be loaded: ${reason}.`, { code: 'model_unreadable', param: 'model' });
  }
}

/** A route that exists, called with a method it doesn't answer; the Allow header lists the ones it does. */
export class MethodNotAllowedError extends HearthError {
  constructor(message: string) {
    super(405, 'invalid_request_error', message, { code: 'method_not_allowed' });
  }
}

/**
 * The model's chat template ran past Hearth's rendering limits on this request's messages (a template
 * whose work grows with the input). 422: the request is well formed, but this model can't take it.
 */
export class ChatTemplateLimitError extends HearthError {
  constructor(readonly modelId: string, limit: string, options: HearthErrorOptions = {}) {
    super(422, 'invalid_request_error', `The chat template of the model '${modelId}' exceeded its rendering limits (${limit}) on these messages; shorten the conversation or use another model.`, {
      code: 'chat_template_limit_exceeded',
      param: 'messages',
      ...options,
    });
  }
}

export class PayloadTooLargeError extends HearthError {
  constructor(message: string) {
    super(413, 'invalid_request_error', message, { code: 'payload_too_large' });
  }
}

export class RateLimitError extends HearthError {
  constructor(message: string, retryAfter: number) {
    super(429, 'rate_limit_error', message, { code: 'rate_limit_exceeded', retryAfter });
  }
}

export class NotSupportedError extends HearthError {
  constructor(message: string, options: HearthErrorOptions = {}) {
    super(501, 'not_supported_error', message, options);
  }
}

export class EngineBusyError extends HearthError {
  constructor(message: string, retryAfter: number) {
    super(503, 'unavailable_error', message, { retryAfter });
  }
}

/** A request whose client went away; nobody is left to answer. */
export class AbortedError extends HearthError {
  constructor(message = 'The request was cancelled.') {
    super(499, 'invalid_request_error', message, { code: 'request_aborted' });
  }
}

export function isHearthError(error: unknown): error is HearthError {
  return error instanceof HearthError;
}
