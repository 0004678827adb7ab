import type { Context } from 'koa';
import type { z } from 'zod';
import { NotSupportedError } from '../../../common/errors.js';

/** A service whose engine Hearth lacks: 501 saying what is missing, after the body validates (bad input stays a 400). */
export function notImplemented(message: string, body?: z.ZodType) {
  return async function lollmsNotImplemented(ctx: Context): Promise<void> {
    body?.parse(ctx.request.body);
    throw new NotSupportedError(message);
  };
}
