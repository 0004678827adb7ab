import type { Context } from 'koa';
import type { HearthError } from '../../../common/errors.js';
import { errorBody } from '../errorBody.js';
import { openStream, type EventWriter } from '../stream.js';

/** The data lines of one event; a line break inside the text becomes a new `data:` line, which SSE readers join with `\n`. */
function dataLines(text: string): string {
  return text.split(/\r\n|\r|\n/).map((line) => `data: ${line}\n`).join('') + '\n';
}

/**
 * LocalLab's streams: each event's data is the raw text of the next chunk (not JSON), and the stream
 * ends with `data: [DONE]`, as its documentation's bash reader expects. Once bytes are out the status
 * can't change, so a failure becomes an `event: error` whose data is the family's error JSON, then
 * `[DONE]`; readers that ignore event names still see the stream end.
 */
export function openLocalLabSse(ctx: Context): EventWriter & { fail(error: HearthError): void } {
  const stream = openStream(ctx, 'text/event-stream; charset=utf-8');
  return {
    send(data) {
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      // An empty event carries nothing and would read as an empty token.
      return text === '' ? true : stream.write(dataLines(text));
    },
    fail(error) {
      ctx.state.error = error;
      stream.write(`event: error\n${dataLines(JSON.stringify(errorBody('locallab', error)))}`);
      this.end();
    },
    end: () => stream.end('data: [DONE]\n\n'),
  };
}
