import type { Context, Next } from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { InvalidRequestError } from '../../../common/errors.js';

/**
 * JSON bodies up to `limitBytes` (after decompression). A body that its Content-Encoding can't decode
 * (gzip named, plain JSON sent) is the client's mistake, a 400; the decoder's error carries no status
 * and would otherwise read as a server bug. Unknown encodings answer 415 (see errors.ts).
 */
export function parseBodyMiddleware(limitBytes: number) {
  const parse = bodyParser({
    enableTypes: ['json'],
    // Ollama and curl users often send JSON without a JSON content type; parse it anyway.
    // extendTypes is lodash-merged by array index into the defaults, so application/json must stay first.
    extendTypes: { json: ['application/json', 'application/x-www-form-urlencoded', 'text/plain'] },
    jsonLimit: limitBytes,
    // Ollama's DELETE /api/delete carries its model name in a JSON body.
    parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
    encoding: 'utf-8',
  });
  return async function parseBody(ctx: Context, next: Next): Promise<void> {
    const encoding = ctx.req.headers['content-encoding'];
    // Content codings are case-insensitive (RFC 9110 §8.4.1); the decoder only knows them in lower case.
    if (encoding !== undefined) ctx.req.headers['content-encoding'] = encoding.trim().toLowerCase();
    // Only failures of the parse itself are translated; whatever the routes below throw passes untouched.
    let parsed = false;
    try {
      await parse(ctx, () => {
        parsed = true;
        return next();
      });
    } catch (error) {
      // A body the parser gave up on midway (a decoder failing at its first bytes, a limit passed) is not read
      // to its end: on a kept-alive connection its rest would sit ahead of the client's next request, which
      // would never be read. Close the connection after this answer instead.
      if (!parsed && !ctx.req.readableEnded) ctx.set('Connection', 'close');
      if (parsed || (error as { status?: number }).status !== undefined) throw error;
      throw new InvalidRequestError(`The request body is not valid ${ctx.req.headers['content-encoding'] ?? 'encoded'} data, as its Content-Encoding says: ${(error as Error).message}.`, {
        code: 'invalid_content_encoding',
        cause: error,
      });
    }
  };
}
