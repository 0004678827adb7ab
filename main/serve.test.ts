import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { startTestServer } from '../test/startServer.js';
import { connectionTimeouts } from './serve.js';

/** A raw connection: what it has received, and whether the server has closed it. */
interface RawSocket {
  socket: net.Socket;
  received(): string;
  closed: Promise<void>;
  isClosed(): boolean;
}

function connect(url: string, data?: string): Promise<RawSocket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let received = '';
    let isClosed = false;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => {});
    const closed = new Promise<void>((done) =>
      socket.once('close', () => {
        isClosed = true;
        done();
      }),
    );
    socket.once('connect', () => {
      if (data) socket.write(data);
      resolve({ socket, received: () => received, closed, isClosed: () => isClosed });
    });
    socket.once('error', reject);
  });
}

/** Resolves when `done` holds, or rejects after `ms` with `what`: a bounded wait, not a timing assertion. */
async function waitFor(done: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`still waiting after ${ms} ms: ${what}`);
    await sleep(50);
  }
}

/** The responses a raw socket has received so far, each as status and body. */
function responses(text: string): Array<{ status: number; headers: string; body: string }> {
  const found = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) return found;
    const headers = rest.slice(0, end);
    const length = Number(/content-length: (\d+)/i.exec(headers)?.[1] ?? 0);
    if (rest.length < end + 4 + length) return found;
    found.push({ status: Number(headers.split(' ')[1]), headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
}

describe('connection limits', () => {
  it('answers 408 and closes sockets that never finish their headers or their body', async () => {
    const server = await startTestServer({ settings: { headersTimeoutSeconds: 1, requestBodyTimeoutSeconds: 2 } });
    const { host } = new URL(server.url);
    try {
      const halfHeaders = await Promise.all(Array.from({ length: 20 }, () => connect(server.url, `POST /v1/chat/completions HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n`)));
      const halfBodies = await Promise.all(
        Array.from({ length: 10 }, () => connect(server.url, `POST /v1/chat/completions HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":`)),
      );
      const silent = await connect(server.url);
      const all = [...halfHeaders, ...halfBodies, silent];
      await waitFor(() => all.every((s) => s.isClosed()), 15_000, `${all.filter((s) => !s.isClosed()).length} of ${all.length} sockets still open`);
      for (const socket of [...halfHeaders, ...halfBodies]) assert.match(socket.received(), /^HTTP\/1\.1 408 /);
      // The server itself is fine.
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('closes connections beyond maxConnections as they arrive, and takes new ones once others close', async () => {
    const server = await startTestServer({ settings: { maxConnections: 3 } });
    try {
      const open = await Promise.all([connect(server.url), connect(server.url), connect(server.url)]);
      const extra = await connect(server.url);
      await waitFor(() => extra.isClosed(), 5_000, 'the fourth connection is still open');
      assert.equal(extra.received(), '', 'closed without an answer');
      assert.ok(open.every((s) => !s.isClosed()), 'the first three stay open');
      open[0]!.socket.destroy();
      await open[0]!.closed;
      const { host } = new URL(server.url);
      const next = await connect(server.url, `GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      await waitFor(() => next.isClosed(), 5_000, 'no answer on a connection made after one closed');
      assert.equal(responses(next.received())[0]?.status, 200);
      for (const socket of open) socket.socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('keeps an idle keep-alive connection usable after 6 s', async () => {
    const server = await startTestServer();
    const { host } = new URL(server.url);
    try {
      const request = `GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`;
      const socket = await connect(server.url, request);
      await waitFor(() => responses(socket.received()).length === 1, 10_000, 'no answer to the first request');
      const [first] = responses(socket.received());
      assert.equal(first!.status, 200);
      assert.match(first!.headers, /keep-alive: timeout=300/i, 'clients are told how long the server keeps the socket');
      // Longer than Node's default keepAliveTimeout (5 s), after which the server would have closed it.
      await sleep(6_000);
      assert.equal(socket.isClosed(), false, 'the server kept the idle socket');
      socket.socket.write(request);
      await waitFor(() => responses(socket.received()).length === 2, 10_000, 'no answer on the reused socket');
      assert.equal(responses(socket.received())[1]!.status, 200);
      socket.socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('turns the settings into node:http deadlines, the headers one never past the whole request', () => {
    assert.deepEqual(connectionTimeouts({ headersTimeoutSeconds: 30, requestBodyTimeoutSeconds: 60, idleSocketTimeoutSeconds: 300 }), {
      requestMs: 60_000,
      headersMs: 30_000,
      keepAliveMs: 300_000,
      checkIntervalMs: 7_500,
    });
    const clamped = connectionTimeouts({ headersTimeoutSeconds: 90, requestBodyTimeoutSeconds: 2, idleSocketTimeoutSeconds: 1e12 });
    assert.equal(clamped.headersMs, 2_000);
    assert.equal(clamped.keepAliveMs, 2 ** 31 - 1, 'a keep-alive beyond a timer’s reach would fire at once');
    assert.equal(clamped.checkIntervalMs, 500);
  });
});
