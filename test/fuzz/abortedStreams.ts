import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { toJsonText } from './hostileInputs.js';
import { goodModels } from './hostileModels.js';
import type { FuzzRequest } from './mutate.js';
import type { Prng } from './prng.js';

/** Long enough that a client leaving after a few chunks leaves mid-generation. */
const longTokens = 200;
const story = 'Once upon a time';

/** Streams over raw HTTP that the client leaves at a random moment: before the answer, at its first bytes, or midway. */
export function abortedStreamRequests(rng: Prng, count: number): FuzzRequest[] {
  const streams: Array<{ path: string; body: (model: string) => unknown; headers?: Record<string, string> }> = [
    { path: '/v1/chat/completions', body: (model) => ({ model, messages: [{ role: 'user', content: story }], max_tokens: longTokens, stream: true }) },
    { path: '/api/v1/completions', body: (model) => ({ model, prompt: story, max_tokens: longTokens, stream: true }) },
    { path: '/ollama/v1/chat/completions', body: (model) => ({ model, messages: [{ role: 'user', content: story }], max_tokens: longTokens, stream: true }) },
    { path: '/api/chat', body: (model) => ({ model, messages: [{ role: 'user', content: story }], options: { num_predict: longTokens } }) },
    { path: '/ollama/api/generate', body: (model) => ({ model, prompt: story, options: { num_predict: -1 } }) },
    { path: '/generate', body: (model) => ({ model_id: model, prompt: story, max_length: longTokens, stream: true }) },
    { path: '/chat', body: (model) => ({ model_id: model, messages: [{ role: 'user', content: story }], max_length: longTokens, stream: true }) },
    { path: '/generate/batch', body: (model) => ({ model_id: model, prompts: Array.from({ length: 8 }, () => story), max_length: longTokens }) },
    { path: '/lollms/v1/long_context_process', body: (model) => ({ model, text: `${story}. `.repeat(200), chunk_size: 32, max_generation_tokens: 16 }) },
    { path: '/api/pull', body: () => ({ model: 'hf.co/fuzz/hostile-GGUF:Q8_0', stream: true }) },
  ];
  return Array.from({ length: count }, () => {
    const stream = rng.pick(streams);
    return {
      family: 'aborted',
      label: 'aborted stream',
      method: 'POST',
      path: stream.path,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(toJsonText(stream.body(rng.pick(goodModels)))),
      hangUpAfterMs: rng.pick([0, 1, 5, 20, 50, 100, 200]),
    };
  });
}

/**
 * Streams through the official clients that leave after a few chunks, as an app's "stop" button does:
 * openai-node by leaving the loop or aborting its signal, ollama-js by abort(). Errors from the abort are
 * expected; anything else the clients throw is returned.
 */
export async function abortClientStreams(url: string, rng: Prng, count: number): Promise<string[]> {
  const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const ollama = new Ollama({ host: url });
  const problems: string[] = [];
  const isAbort = (error: unknown) => error instanceof Error && (error.name === 'AbortError' || error instanceof OpenAI.APIUserAbortError || /abort/i.test(error.message));
  const isBusy = (error: unknown) => (error as { status?: number; status_code?: number }).status === 503 || (error as { status_code?: number }).status_code === 503;
  const one = async (index: number) => {
    const model = rng.pick(goodModels);
    const after = rng.int(0, 6);
    const kind = rng.pick(['openai-chat', 'openai-completion', 'openai-signal', 'ollama-chat', 'ollama-generate'] as const);
    try {
      if (kind === 'openai-chat' || kind === 'openai-completion') {
        const stream =
          kind === 'openai-chat'
            ? await openai.chat.completions.create({ model, messages: [{ role: 'user', content: story }], max_tokens: longTokens, stream: true })
            : await openai.completions.create({ model, prompt: story, max_tokens: longTokens, stream: true });
        let chunks = 0;
        // Leaving the loop aborts the request, which closes the connection.
        for await (const _chunk of stream) if (chunks++ >= after) break;
      } else if (kind === 'openai-signal') {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), after * 10);
        const stream = await openai.chat.completions.create({ model, messages: [{ role: 'user', content: story }], max_tokens: longTokens, stream: true }, { signal: controller.signal });
        for await (const _chunk of stream);
      } else {
        const stream =
          kind === 'ollama-chat'
            ? await ollama.chat({ model, messages: [{ role: 'user', content: story }], stream: true, options: { num_predict: longTokens } })
            : await ollama.generate({ model, prompt: story, stream: true, options: { num_predict: longTokens } });
        let parts = 0;
        for await (const _part of stream) if (parts++ >= after) stream.abort();
      }
    } catch (error) {
      if (!isAbort(error) && !isBusy(error)) problems.push(`${kind} #${index} on ${model}: ${(error as Error).message}`);
    }
  };
  // Four at a time: the slots and the queue, not the refusals, are what these are about.
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) await one(next++);
    }),
  );
  return problems;
}
