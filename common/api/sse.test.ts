import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readServerSentEvents } from './sse.js';

function streamOf(pieces: string[], onCancel?: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < pieces.length) controller.enqueue(encoder.encode(pieces[index++]));
      else controller.close();
    },
    cancel: () => onCancel?.(),
  });
}

test('events split across chunks, CRLF lines and comments', async () => {
  const body = streamOf([': keep-alive\n\ndata: {"a"', ':1}\r\n\r\nda', 'ta: [DONE]\n\n', 'data: é', '\n\n']);
  const events: string[] = [];
  for await (const data of readServerSentEvents(body)) events.push(data);
  assert.deepEqual(events, ['{"a":1}', '[DONE]', 'é']);
});

test('a multi-byte character split between chunks survives', async () => {
  const bytes = new TextEncoder().encode('data: ✓\n\n');
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.slice(0, 7));
      controller.enqueue(bytes.slice(7));
      controller.close();
    },
  });
  const events: string[] = [];
  for await (const data of readServerSentEvents(body)) events.push(data);
  assert.deepEqual(events, ['✓']);
});

test('stopping early cancels the stream', async () => {
  let cancelled = false;
  const body = streamOf(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n'], () => (cancelled = true));
  for await (const data of readServerSentEvents(body)) if (data === '1') break;
  assert.equal(cancelled, true);
});
