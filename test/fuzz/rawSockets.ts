import net from 'node:net';
import type { Prng } from './prng.js';

/** Bytes written on a fresh connection; `hangUp` closes it from our side after a moment (a client that left mid-request). */
export interface RawCase {
  label: string;
  bytes: Buffer;
  hangUp?: boolean;
}

const host = 'Host: 127.0.0.1\r\n';

function jsonRequest(path: string, body: unknown): Buffer {
  const text = Buffer.from(JSON.stringify(body));
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: ${text.length}\r\n\r\n`), text]);
}

/** HTTP that no client library would send: broken framing, smuggling attempts, half-sent requests, other protocols. */
export function rawCases(rng: Prng): RawCase[] {
  const fixed: RawCase[] = [
    { label: 'garbage request line', bytes: Buffer.from('GARBAGE\r\n\r\n') },
    { label: 'HTTP/0.9', bytes: Buffer.from('GET /health\r\n\r\n') },
    { label: 'HTTP/2 preface', bytes: Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n') },
    { label: 'no Host header', bytes: Buffer.from('GET /health HTTP/1.1\r\n\r\n') },
    { label: 'absolute-form target', bytes: Buffer.from(`GET http://evil.example/v1/models HTTP/1.1\r\n${host}\r\n`) },
    { label: 'asterisk target', bytes: Buffer.from(`OPTIONS * HTTP/1.1\r\n${host}\r\n`) },
    { label: 'headers over the size limit', bytes: Buffer.from(`GET /health HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(70_000)}\r\n\r\n`) },
    { label: 'obsolete line folding', bytes: Buffer.from(`GET /health HTTP/1.1\r\n${host}X-Folded: a\r\n b\r\n\r\n`) },
    { label: 'NUL in a header', bytes: Buffer.from(`GET /health HTTP/1.1\r\n${host}X-Nul: a\u0000b\r\n\r\n`) },
    { label: 'Content-Length and Transfer-Encoding', bytes: Buffer.from(`POST /v1/chat/completions HTTP/1.1\r\n${host}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /v1/admin/keys HTTP/1.1\r\n${host}\r\n`) },
    { label: 'two different Content-Lengths', bytes: Buffer.from(`POST /api/chat HTTP/1.1\r\n${host}Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}`) },
    { label: 'negative Content-Length', bytes: Buffer.from(`POST /api/chat HTTP/1.1\r\n${host}Content-Length: -1\r\n\r\n{}`) },
    { label: 'broken chunk size', bytes: Buffer.from(`POST /v1/chat/completions HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n`) },
    { label: 'chunk size past 2^64', bytes: Buffer.from(`POST /v1/completions HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n{}\r\n`) },
    { label: 'three requests pipelined', bytes: Buffer.from(`GET /health HTTP/1.1\r\n${host}\r\nGET /v1/models HTTP/1.1\r\n${host}\r\nGET /api/version HTTP/1.1\r\n${host}Connection: close\r\n\r\n`) },
    { label: 'a pipelined generation after a bad request', bytes: Buffer.from(`POST /api/generate HTTP/1.1\r\n${host}Content-Length: 3\r\n\r\n{{{POST /api/generate HTTP/1.1\r\n${host}Content-Length: 2\r\n\r\n{}`) },
    { label: 'CONNECT', bytes: Buffer.from('CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n') },
    { label: 'websocket upgrade', bytes: Buffer.from(`GET /v1/models HTTP/1.1\r\n${host}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`) },
    { label: 'h2c upgrade', bytes: Buffer.from(`GET /health HTTP/1.1\r\n${host}Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n`) },
    { label: 'a very long method', bytes: Buffer.from(`${'G'.repeat(10_000)} /health HTTP/1.1\r\n${host}\r\n`) },
    { label: 'HTTP/1.0 keep-alive', bytes: Buffer.from('GET /api/tags HTTP/1.0\r\nConnection: keep-alive\r\n\r\n') },
    { label: 'HTTP/9.9', bytes: Buffer.from(`GET /health HTTP/9.9\r\n${host}\r\n`) },
    { label: 'half-sent headers', bytes: Buffer.from(`GET /v1/models HTTP/1.1\r\n${host}X-Slow: `), hangUp: true },
    { label: 'half-sent body', bytes: Buffer.from(`POST /v1/chat/completions HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"model": "stories260K", "mess`), hangUp: true },
    { label: 'Expect: 100-continue and no body', bytes: Buffer.from(`POST /api/generate HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 50\r\nExpect: 100-continue\r\n\r\n`), hangUp: true },
    { label: 'a chunked generation cut mid-body', bytes: Buffer.from(`POST /api/generate HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n10\r\n{"model": "stori`), hangUp: true },
    { label: 'a generation whose client leaves at once', bytes: jsonRequest('/api/generate', { model: 'stories260K', prompt: 'Once upon a time', options: { num_predict: 200 } }), hangUp: true },
  ];
  const random: RawCase[] = Array.from({ length: 30 }, (_, index) => {
    const prefix = rng.pick(['', 'GET / HTTP/1.1\r\n', `POST /v1/chat/completions HTTP/1.1\r\n${host}`, `POST /api/chat HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n`]);
    const noise = Buffer.from(Array.from({ length: rng.int(1, 2048) }, () => rng.int(0, 255)));
    return { label: `random bytes ${index}`, bytes: Buffer.concat([Buffer.from(prefix), noise]), hangUp: rng.chance(0.5) };
  });
  return [...fixed, ...random];
}

export interface RawResult {
  /** The status of each response read back (several for pipelined requests). */
  statuses: number[];
  /** Whether the server closed the connection (true) or we did. */
  closedByServer: boolean;
}

/** Sends one case and reads until the server closes, or closes itself after `waitMs` (at once for hangUp cases). */
export function sendRaw(url: string, rawCase: RawCase, waitMs = 1000): Promise<RawResult> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const received: Buffer[] = [];
    let closedByServer = true;
    const timer = setTimeout(
      () => {
        closedByServer = false;
        socket.destroy();
      },
      rawCase.hangUp ? 100 : waitMs,
    );
    socket.on('connect', () => socket.write(rawCase.bytes));
    socket.on('data', (chunk) => received.push(chunk));
    // The server may close while we are still writing: that is an answer too.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(received).toString('latin1');
      resolve({ statuses: [...text.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((match) => Number(match[1])), closedByServer });
    });
    socket.setTimeout(waitMs + 1000, () => reject(new Error(`${rawCase.label}: the socket neither answered nor closed`)));
  });
}

/** Connections that send half a request and then nothing: they hold server sockets while the rest of the fuzz runs. */
export async function openStalledSockets(url: string, count: number): Promise<net.Socket[]> {
  const { hostname, port } = new URL(url);
  return Promise.all(
    Array.from(
      { length: count },
      (_, index) =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect({ host: hostname, port: Number(port) }, () => {
            socket.write(index % 2 === 0 ? `GET /v1/models HTTP/1.1\r\n${host}X-Slow: ` : `POST /api/chat HTTP/1.1\r\n${host}Content-Length: 1000\r\n\r\n{"model":`);
            // Once open, errors are the server closing them (its header or body timeout): expected.
            socket.on('error', () => {});
            resolve(socket);
          });
          socket.once('error', reject);
        }),
    ),
  );
}
