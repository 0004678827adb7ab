/** One streamed /v1/completions request timed from the client, the same way for Hearth and llama-server. */
export interface StreamTiming {
  /** ms from sending the request to the first text. */
  ttftMs: number;
  /** ms from the first to the last text. */
  decodeMs: number;
  tokens: number;
  totalMs: number;
}

export async function timedCompletion(baseUrl: string, model: string, prompt: string, maxTokens: number): Promise<StreamTiming> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/v1/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, prompt, max_tokens: maxTokens, temperature: 0, stream: true, stream_options: { include_usage: true } }),
  });
  if (!response.ok || !response.body) throw new Error(`${baseUrl}: ${response.status} ${await response.text()}`);
  let first: number | null = null;
  let last = started;
  let chunks = 0;
  let usageTokens: number | null = null;
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const event = JSON.parse(line.slice(6));
      if (event.usage?.completion_tokens) usageTokens = event.usage.completion_tokens;
      const text: string | undefined = event.choices?.[0]?.text;
      if (text) {
        const now = performance.now();
        first ??= now;
        last = now;
        chunks++;
      }
    }
  }
  const ended = performance.now();
  first ??= ended;
  return { ttftMs: first - started, decodeMs: last - first, tokens: usageTokens ?? chunks, totalMs: ended - started };
}
