import { gzipSync } from 'node:zlib';
import { encodePathPart, hostileBodyBytes, hostileString, hostileValue, pathsOf, RawJson, setPath, toJsonText } from './hostileInputs.js';
import type { Prng } from './prng.js';

/** The API families the fuzz covers, each with its own share of requests, and the aborted streams and floods across them. */
export type Family = 'openai' | 'ollama' | 'lollms' | 'locallab' | 'admin' | 'aborted' | 'flood';

/** One request as sent, and as printed when it fails. */
export interface FuzzRequest {
  family: Family;
  /** What the generator did to the endpoint's plausible request. */
  label: string;
  method: string;
  /** May hold {datastore}, {document} and {job} placeholders, filled with ids the warm-up created. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** An endless event stream (download events): read a little, then hang up. */
  endless?: boolean;
  /** Hang up this many ms after sending, answered or not: a client that left. */
  hangUpAfterMs?: number;
}

/** What a route takes, from which the fuzz derives hostile variants. */
export interface Endpoint {
  method: string;
  /** The path, or how to choose one (ids that vary per request). */
  path: string | ((rng: Prng) => string);
  /** A plausible body; mutations start from it. */
  body?: (rng: Prng) => Record<string, unknown>;
  /** Values this route cares about (model names, enums), tried besides generic hostile values. */
  fields?: Record<string, (rng: Prng) => unknown>;
  /** A body that isn't JSON (multipart uploads), with its headers; only headers, method and path are then mutated. */
  raw?: (rng: Prng) => { headers: Record<string, string>; body: Buffer };
  endless?: boolean;
}

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND', 'TRACE'];

const contentTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=boundary',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nonsense-9',
  'application/xml',
  'application/json, text/html',
  'application/*',
  'image/png',
  '',
];

function mutatePath(rng: Prng, path: string): string {
  return rng.oneOf<string>([
    () => `${path}/`,
    () => path.replace(/\//g, '//'),
    () => path.toUpperCase(),
    () => `${path}%00`,
    () => `${path}/..%2f..%2f..%2fetc%2fpasswd`,
    () => `${path}/${encodePathPart(hostileString(rng).slice(0, 2000))}`,
    () => `${path}?__proto__[polluted]=1&constructor[prototype][x]=1&a=%ff`,
    () => `${path}?limit=${encodePathPart(String(hostileValue(rng)).slice(0, 200))}`,
    () => `${path}%ff%fe`,
    () => `${path}/${'a'.repeat(rng.int(1000, 8000))}`,
    () => path.replace(/^\//, '/./'),
    () => `/..${path}`,
    () => `${path};jsessionid=1`,
    () => `${path}/%2e%2e/%2e%2e/`,
  ]);
}

let bomb: Buffer | undefined;
/** 64 MB of zeros in ~64 KB: the body limit must apply after decompression. Made once, it takes a moment. */
function gzipBomb(): Buffer {
  return (bomb ??= gzipSync(Buffer.alloc(64 * 1024 * 1024)));
}

function mutateHeaders(rng: Prng, headers: Record<string, string>, body: Buffer | undefined): { headers: Record<string, string>; body: Buffer | undefined; label: string } {
  return rng.oneOf<{ headers: Record<string, string>; body: Buffer | undefined; label: string }>([
    () => ({ headers: { ...headers, 'content-type': rng.pick(contentTypes) }, body, label: 'content-type' }),
    () => ({ headers: { ...headers, 'content-encoding': rng.pick(['gzip', 'deflate', 'br', 'zstd', 'compress', 'x-unknown', 'gzip, gzip', 'GZIP', ' identity ']) }, body, label: 'content-encoding on a plain body' }),
    () => ({ headers: { ...headers, 'content-encoding': 'gzip' }, body: gzipSync(body ?? Buffer.alloc(0)), label: 'gzipped body' }),
    () => ({ headers: { ...headers, 'content-encoding': 'gzip' }, body: gzipBomb(), label: 'gzip bomb' }),
    () => ({ headers: { ...headers, authorization: rng.pick(['Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', `Bearer ${'k'.repeat(4000)}`, 'Bearer a b c', 'bearer\tx']) }, body, label: 'authorization' }),
    () => ({ headers: { ...headers, 'x-api-key': rng.pick(['', ' ', 'x'.repeat(8000), 'hk_fake']) }, body, label: 'x-api-key' }),
    () => ({ headers: { ...headers, accept: rng.pick(['text/event-stream', 'application/x-ndjson', '*/*', 'text/html', 'application/xml;q=0.1']) }, body, label: 'accept' }),
    () => ({ headers: { ...headers, host: rng.pick(['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', 'localhost:1', '[::1]', '0x7f000001', 'LOCALHOST', 'localhost.']) }, body, label: 'host' }),
    () => ({ headers: { ...headers, origin: rng.pick(['http://evil.example', 'null', 'http://localhost:1234', 'file://', 'chrome-extension://abc']) }, body, label: 'origin' }),
    () => ({ headers: { ...headers, 'x-forwarded-for': '1.2.3.4', 'x-forwarded-host': 'evil.example', 'x-real-ip': '1.2.3.4' }, body, label: 'forwarded headers' }),
    () => ({ headers: { ...headers, 'x-request-id': hostileString(rng).replace(/[^\x20-\x7e]/g, 'x').slice(0, 8000) }, body, label: 'x-request-id' }),
    () => ({ headers: { ...headers, 'x-hearth-shell-token': 'guess' }, body, label: 'shell token guess' }),
  ]);
}

/**
 * Turns a route's plausible request into one hostile variant: a field of the wrong kind, a missing
 * field, broken bytes, odd headers, another method or a mangled path; sometimes the plausible
 * request itself, so the real work behind the route runs too.
 */
export function mutateRequest(rng: Prng, family: Family, endpoint: Endpoint): FuzzRequest {
  const path = typeof endpoint.path === 'string' ? endpoint.path : endpoint.path(rng);
  const body = endpoint.body?.(rng);
  const raw = endpoint.raw?.(rng);
  const jsonHeaders: Record<string, string> = raw?.headers ?? (body ? { 'content-type': 'application/json' } : {});
  const base = (label: string, extra: Partial<FuzzRequest> = {}): FuzzRequest => ({
    family,
    label,
    method: endpoint.method,
    path,
    headers: jsonHeaders,
    body: raw?.body ?? (body ? Buffer.from(toJsonText(body)) : undefined),
    endless: endpoint.endless,
    ...extra,
  });
  // Uploads: the body is the hostile part already; half of them go as they are.
  const roll = raw ? (rng.chance(0.5) ? 0 : 0.72 + rng.next() * 0.28) : rng.next();
  if (roll < 0.15) return base('plausible');
  if (roll < 0.5 && body) {
    const paths = pathsOf(body);
    const named = Object.keys(endpoint.fields ?? {});
    const field = rng.chance(0.4) && named.length > 0 ? rng.pick(named) : paths.length > 0 && rng.chance(0.8) ? rng.pick(paths) : hostileString(rng).slice(0, 40) || 'x';
    const own = endpoint.fields && Object.hasOwn(endpoint.fields, field) ? endpoint.fields[field] : undefined;
    const value = own && rng.chance(0.5) ? own(rng) : hostileValue(rng);
    const mutated = structuredCloneJson(body);
    setPath(mutated, field, value);
    return base(`field ${field}`, { body: Buffer.from(toJsonText(mutated)) });
  }
  if (roll < 0.6 && body) {
    const mutated = structuredCloneJson(body);
    const paths = pathsOf(mutated);
    if (paths.length > 0) {
      const field = rng.pick(paths);
      const parts = field.split('.');
      let node = mutated as Record<string, unknown>;
      for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
      delete node[parts.at(-1)!];
      return base(`without ${field}`, { body: Buffer.from(toJsonText(mutated)) });
    }
  }
  if (roll < 0.72) {
    const valid = body ? toJsonText(body) : '{}';
    return base('body bytes', { headers: { 'content-type': 'application/json' }, body: hostileBodyBytes(rng, valid) });
  }
  if (roll < 0.86) {
    const mutated = mutateHeaders(rng, jsonHeaders, base('').body);
    return base(`headers: ${mutated.label}`, { headers: mutated.headers, body: mutated.body });
  }
  if (roll < 0.93) {
    const method = rng.pick(methods.filter((m) => m !== endpoint.method));
    return base(`method ${method}`, { method, body: method === 'GET' || method === 'HEAD' ? undefined : base('').body });
  }
  return base('path', { path: mutatePath(rng, path) });
}

/** A deep copy that keeps RawJson pieces (structuredClone would turn them into plain objects). */
function structuredCloneJson<T>(value: T): T {
  if (value instanceof RawJson || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(structuredCloneJson) as T;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, structuredCloneJson(item)])) as T;
}

/**
 * `count` requests over a family's routes, each from a route chosen at random. A DELETE that names one
 * of the `spared` models (any case: names match as Ollama matches them) is drawn again: deleting a model
 * the other requests need would only turn them into 404s.
 */
export function familyRequests(rng: Prng, family: Family, endpoints: readonly Endpoint[], count: number, spared: readonly string[] = []): FuzzRequest[] {
  const names = spared.map((name) => name.toLowerCase());
  const sparesAll = (request: FuzzRequest) => {
    if (request.method !== 'DELETE') return true;
    const text = `${request.path} ${request.body?.toString('utf8') ?? ''}`.toLowerCase();
    return !names.some((name) => text.includes(name));
  };
  return Array.from({ length: count }, () => {
    let request: FuzzRequest;
    do request = mutateRequest(rng, family, rng.pick(endpoints));
    while (!sparesAll(request));
    return request;
  });
}
