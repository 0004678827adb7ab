import type { Context } from 'koa';
import { AbortedError } from '../../common/errors.js';
import { toHearthError } from './middleware/errors.js';
import { clientGoneSignal, openSse } from './stream.js';

/** Where a streamed generation writes its events; the SSE response opens with the first one. */
export interface StreamEvents {
  send(data: unknown): void;
}

/**
 * Runs a streamed generation for any family's endpoint. The response opens with the first event, so a
 * failure before it (unknown model, queue full, prompt too long) still answers with its own status
 * and Retry-After; after it, a failure becomes the last `data: {"error": …}` event. Resolves once the
 * stream is open: Koa only pipes the body after the handler returns, so generation carries on
 * writing in the background. SSE in OpenAI's framing by default; a family passes its own writer
 * (`openNdjson` for Ollama, LocalLab's text events, Anthropic's and the Responses API's named events).
 */
export async function streamEvents(
  ctx: Context,
  generate: (events: StreamEvents) => Promise<void>,
  openStream: (ctx: Context) => ReturnType<typeof openSse> = openSse,
): Promise<void> {
  const signal = clientGoneSignal(ctx);
  let sse: ReturnType<typeof openSse> | undefined;
  let markOpen!: () => void;
  const opened = new Promise<void>((resolve) => (markOpen = resolve));
  const open = () => {
    if (!sse) {
      sse = openStream(ctx);
      markOpen();
    }
    return sse;
  };
  const finished = generate({ send: (data) => void open().send(data) }).then(
    () => open().end(),
    (raw: unknown) => {
      if (!sse) throw raw;
      const error = toHearthError(raw);
      // Nobody is left to read an error event when the client itself went away.
      if (signal.aborted || error instanceof AbortedError) {
        ctx.state.error = error;
        sse.end();
        return;
      }
      if (error.status === 500) ctx.state.logger?.error({ err: raw }, 'stream failed');
      sse.fail(error);
    },
  );
  await Promise.race([opened, finished]);
}
