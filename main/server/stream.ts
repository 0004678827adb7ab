import type { Context } from 'koa';
import type { HearthError } from '../../common/errors.js';

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

/** Where a streamed response's bytes go. */
export interface ResponseStream {
  readonly destroyed: boolean;
  write(text: string): boolean;
  end(): void;
}

/**
 * Starts a streamed 200 response and hands back the raw response to write to; the LocalLab family
 * builds its own SSE writer on it. Writing to Node's response directly, rather than through a
 * PassThrough body that Koa pipes, saves a stream hop on every token (docs/ENGINE.md); Koa is told
 * to leave the response alone, and the middleware's headers are already set on it.
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
  return ctx.res;
}

/** Server-sent events as the OpenAI families send them: `data: <json>` events ending with `data: [DONE]`. */
export function openSse(ctx: Context): EventWriter & { fail(error: HearthError): void } {
  const stream = openStream(ctx, 'text/event-stream; charset=utf-8');
  ctx.set('Connection', 'keep-alive');
  let ended = false;
  const write = (text: string) => !ended && !stream.destroyed && stream.write(text) !== undefined;
  return {
    send: (data) => write(`data: ${JSON.stringify(data)}\n\n`),
    // Once bytes are out the status can't change: the error is the last event, which openai-node throws on.
    fail(error) {
      ctx.state.error = error;
      write(`data: ${JSON.stringify({ error: { message: error.message, type: error.type, param: error.param, code: error.code } })}\n\n`);
      this.end();
    },
    end() {
      if (ended) return;
      write('data: [DONE]\n\n');
      ended = true;
      stream.end();
    },
  };
}

/** Newline-delimited JSON as the Ollama API streams. */
export function openNdjson(ctx: Context): EventWriter & { fail(error: HearthError): void } {
  const stream = openStream(ctx, 'application/x-ndjson');
  let ended = false;
  const write = (text: string) => !ended && !stream.destroyed && stream.write(text) !== undefined;
  return {
    send: (data) => write(`${JSON.stringify(data)}\n`),
    fail(error) {
      ctx.state.error = error;
      write(`${JSON.stringify({ error: error.message })}\n`);
      this.end();
    },
    end() {
      if (ended) return;
      ended = true;
      stream.end();
    },
  };
}
