import type { Context, Next } from 'koa';
import { z } from 'zod';
import { HearthError, InvalidRequestError, MethodNotAllowedError, NotSupportedError, PayloadTooLargeError, NotFoundError } from '../../../common/errors.js';
import { familyOf } from '../apiPaths.js';
import { errorBody, errorStatus } from '../errorBody.js';

/** Turns anything thrown below into a HearthError; unknown errors are bugs and become a bare 500. */
export function toHearthError(error: unknown): HearthError {
  if (error instanceof HearthError) return error;
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    const param = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : null;
    const where = param ? `'${param}': ` : '';
    return new InvalidRequestError(`${where}${issue?.message ?? 'invalid request'}`, { param });
  }
  // http-errors from the body parser and Koa carry a status and a safe message.
  const status = (error as { status?: number; expose?: boolean }).status;
  if (status === 413) return new PayloadTooLargeError('The request body is larger than the server accepts.');
  // The body parser's only 415: a Content-Encoding it can't decode ("Unsupported Content-Encoding: compress").
  if (status === 415) {
    const message = (error as Error).message || 'The request body has an unsupported Content-Encoding.';
    return new HearthError(415, 'invalid_request_error', `${message}; send the body as is (identity), or with gzip, deflate or br.`, { code: 'unsupported_content_encoding' });
  }
  if (status === 400 || status === 422) {
    const message = (error as Error).message || 'The request body could not be parsed.';
    return new InvalidRequestError(/json/i.test(message) ? `The request body is not valid JSON: ${message}` : message, { code: 'invalid_json' });
  }
  return new HearthError(500, 'server_error', 'The server had an error while processing your request.');
}

/**
 * Outermost middleware: every failure below is answered in the family's shape.
 * It comes first because Koa's own fallback answers in plain text.
 */
export function errorsMiddleware() {
  return async function errors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new NotFoundError(`No route for ${ctx.method} ${ctx.path}.`, { code: 'unknown_route' });
      }
      // The routers' allowedMethods answer a known path called with another method by a bare 405 and
      // an Allow header (kept); Koa would send it as plain text, which no API client parses.
      if (ctx.status === 405 && ctx.body === undefined) {
        const allow = ctx.response.get('Allow');
        throw new MethodNotAllowedError(`${ctx.method} is not allowed on ${ctx.path}${allow ? `; use ${allow}` : ''}.`);
      }
      // A method the routers don't know at all (PROPFIND, TRACE…) gets a bare 501 from allowedMethods, as
      // HTTP says for unrecognized methods: the status stays, the body becomes the family's.
      if (ctx.status === 501 && ctx.body === undefined) {
        throw new NotSupportedError(`${ctx.method} is not a method Hearth implements; its API uses GET, POST, PATCH and DELETE.`, { code: 'method_not_implemented' });
      }
    } catch (raw) {
      const error = toHearthError(raw);
      if (error.status >= 500 && error.status !== 501 && error.status !== 503) {
        ctx.state.logger?.error({ err: raw }, 'request failed');
      }
      ctx.state.error = error;
      if (ctx.headerSent || !ctx.writable) return;
      const family = familyOf(ctx.path);
      ctx.status = errorStatus(family, error);
      if (error.retryAfter !== undefined) ctx.set('Retry-After', String(Math.max(1, Math.ceil(error.retryAfter))));
      ctx.body = errorBody(family, error);
    }
  };
}
