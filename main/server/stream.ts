import type { Context } from 'koa';
import type { HearthError } from '../../common/errors.js';
import { errorBody } from './errorBody.js';

/**
 * An AbortSignal that fires when the client goes away before the response is
 * complete, so the engine frees the request's slot at once.
 */
export function clientGoneSignal(ctx: Context): AbortSignal {
  if (ctx.state.clientGone) return ctx.state.clientGone.signal;
  const controller = new AbortController();
  ctx.state.clientGone = controller;
  const onClose = () => {
    if (!ctx.res.writableFinished) controller.abort(new Error('client disconnected'));
  };
  ctx.req.once('close', () => {
    // 'close' on the request also fires once the body was read; only a destroyed socket means the client left.
    if (ctx.req.socket.destroyed) onClose();
  });
  ctx.res.once('close', onClose);
  return controller.signal;
}

export interface EventWriter {
  /** Writes one event; false once the client is gone. */
  send(data: unknown): boolean;
  end(): void;
}

/** Where a streamed response's bytes go: writes stop once the client is gone or the stream ended. */
export interface ResponseStream {
  /** Writes text; false once the client is gone or the stream ended. */
  write(text: string): boolean;
  /** Ends the response, after `last` if given; later calls do nothing. */
  end(last?: string): void;
}

/**
 * Starts a streamed 200 response; each family's writer formats its events on it. Writing to Node's
 * response directly, rather than through a PassThrough body that Koa pipes, saves a stream hop on
 * every token (docs/ENGINE.md); Koa is told to leave the response alone, and the middleware's
 * headers are already set on it.
 */
export function openStream(ctx: Context, contentType: string): ResponseStream {
  ctx.status = 200;
  ctx.type = contentType;
  ctx.set('Cache-Control', 'no-cache');
  ctx.set('X-Accel-Buffering', 'no');
  ctx.respond = false;
  // Send headers now: the first token can take a while and clients want to know the request was accepted.
  ctx.res.flushHeaders();
  ctx.req.socket.setNoDelay(true);
  const res = ctx.res;
  let ended = false;
  const write = (text: string) => {
    if (ended || res.destroyed) return false;
    res.write(text);
    return true;
  };
  return {
    write,
    end(last) {
      if (ended) return;
      if (last !== undefined) write(last);
      ended = true;
      res.end();
    },
  };
}

/** Server-sent events as the OpenAI families send them: `data: <json>` events ending with `data: [DONE]`. */
export function openSse(ctx: Context): EventWriter & { fail(error: HearthError): void } {
  const stream = openStream(ctx, 'text/event-stream; charset=utf-8');
  return {
    send: (data) => stream.write(`data: ${JSON.stringify(data)}\n\n`),
    // Once bytes are out the status can't change: the error is the last event, which openai-node throws on.
    fail(error) {
      ctx.state.error = error;
      stream.write(`data: ${JSON.stringify(errorBody('openai', error))}\n\n`);
      this.end();
    },
    end: () => stream.end('data: [DONE]\n\n'),
  };
}

/**
 * Server-sent events named after each event's `type` (`event: message_start`, `event: response.created`),
 * as Anthropic's Messages and OpenAI's Responses stream them. Their SDKs read the name (Anthropic's skips
 * unnamed events), and the stream just ends, with no `[DONE]`. A failure once bytes are out is an
 * `event: error` carrying what `errorEvent` makes of it.
 */
export function openNamedSse(ctx: Context, errorEvent: (error: HearthError) => { type: string }): EventWriter & { fail(error: HearthError): void } {
  const stream = openStream(ctx, 'text/event-stream; charset=utf-8');
  const write = (data: { type: string }) => stream.write(`event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`);
  return {
    send: (data) => write(data as { type: string }),
    fail(error) {
      ctx.state.error = error;
      write(errorEvent(error));
      this.end();
    },
    end: () => stream.end(),
  };
}

/** Newline-delimited JSON as the Ollama API streams. */
export function openNdjson(ctx: Context): EventWriter & { fail(error: HearthError): void } {
  const stream = openStream(ctx, 'application/x-ndjson');
  return {
    send: (data) => stream.write(`${JSON.stringify(data)}\n`),
    fail(error) {
      ctx.state.error = error;
      stream.write(`${JSON.stringify(errorBody('ollama', error))}\n`);
      this.end();
    },
    end: () => stream.end(),
  };
}
