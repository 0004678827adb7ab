import type { Context } from 'koa';
import type { ResponsesStreamEvent } from '../../../common/api/responses.js';
import type { EventWriter } from '../stream.js';
import { openNamedSse } from '../stream.js';
import { errorBody } from '../errorBody.js';
import type { HearthError } from '../../../common/errors.js';

/**
 * The Responses stream: named events, each numbered with `sequence_number` in sending order, ending
 * without `[DONE]`. A failure after the first event is an `error` event (openai-node throws on it) in
 * the OpenAI family's terms.
 */
export function openResponsesSse(ctx: Context): EventWriter & { fail(error: HearthError): void } {
  let sequence = 0;
  const sse = openNamedSse(ctx, (error) => {
    const { message, type, param, code } = (errorBody('openai', error) as { error: { message: string; type: string; param: string | null; code: string | null } }).error;
    return { type: 'error', code: code ?? type, message, param, sequence_number: sequence++ };
  });
  return {
    send: (event) => sse.send({ ...(event as ResponsesStreamEvent), sequence_number: sequence++ }),
    fail: (error) => sse.fail(error),
    end: () => sse.end(),
  };
}
