import busboy from 'busboy';
import type { Context } from 'koa';
import { InvalidRequestError } from '../../common/errors.js';

/** A busboy parser for the request's multipart body; a header busboy refuses is a 400 naming `param`. */
export function multipartParser(ctx: Context, limits: busboy.Limits, param = 'file'): busboy.Busboy {
  try {
    return busboy({ headers: ctx.req.headers, limits, defParamCharset: 'utf8' });
  } catch (error) {
    throw new InvalidRequestError(`The multipart body could not be read: ${(error as Error).message}`, { param });
  }
}

/**
 * Pipes the request into `parser` and resolves when it has read the whole body; a malformed body is a 400
 * naming `param`, and a client that leaves mid-body ends the parser too.
 */
export function parseMultipart(ctx: Context, parser: busboy.Busboy, param = 'file'): Promise<void> {
  const finished = new Promise<void>((resolve, reject) => {
    parser.once('close', resolve);
    // 'on', not 'once': the parser may fail again on the rest of the body (one malformed part header after
    // another), and an 'error' nobody hears ends the process. Its rest is not read: close the connection after the answer.
    parser.on('error', (error: Error) => {
      ctx.req.unpipe(parser);
      ctx.set('Connection', 'close');
      reject(new InvalidRequestError(`The multipart body could not be read: ${error.message}`, { param }));
    });
  });
  // pipe() passes on the end of the body but not its loss: a client that leaves mid-body must end the
  // parser too, or the request waits forever.
  ctx.req.once('close', () => {
    if (!ctx.req.complete) parser.destroy(new Error('the client left before the body was complete'));
  });
  ctx.req.pipe(parser);
  return finished;
}
