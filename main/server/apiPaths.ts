/**
 * The one definition of which paths are API paths and which family serves each: the errors middleware
 * answers in that family's shape, auth and the statistics treat API paths alike, and the web UI leaves
 * them alone (an unknown API path stays a JSON 404, never the app's page).
 */

/** The API families; each answers errors in its own shape (errorBody.ts). */
export type ApiFamily = 'openai' | 'anthropic' | 'ollama' | 'locallab';

/**
 * Path prefixes and their family, most specific first: Anthropic's /v1/messages sits inside OpenAI's /v1,
 * and LoLLMs' /ollama/v1 is OpenAI-shaped inside Ollama's /ollama. LoLLMs' /lollms/v1 answers as OpenAI does.
 */
const familyPrefixes: ReadonlyArray<readonly [RegExp, ApiFamily]> = [
  [/^\/v1\/messages(\/|$)/, 'anthropic'],
  [/^\/(v1|api\/v1|ollama\/v1|lollms)(\/|$)/, 'openai'],
  [/^\/(api|ollama)(\/|$)/, 'ollama'],
  [/^\/(generate|chat|models|system|health|ready)(\/|$)/, 'locallab'],
];

/** Liveness and readiness probes: API paths that need no key and stay out of the statistics. */
const probePaths = /^\/(health|ready)\/?$/;

/**
 * The path as the routers match it: decoded, lower-cased (the routers match case-insensitively, so
 * `/V1/models` is the same endpoint as `/v1/models`), runs of slashes collapsed. Null when it can't be decoded.
 */
export function normalizePath(path: string): string | null {
  try {
    return decodeURIComponent(path).toLowerCase().replace(/\/{2,}/g, '/');
  } catch {
    return null;
  }
}

/** The family serving a path, or null outside the API (the web UI's pages and assets). */
export function apiFamilyOf(path: string): ApiFamily | null {
  const normalized = normalizePath(path) ?? path.toLowerCase();
  return familyPrefixes.find(([prefix]) => prefix.test(normalized))?.[1] ?? null;
}

/** The error shape a path answers with; outside the API (a missing web UI asset) LocalLab's plain `detail`. */
export function familyOf(path: string): ApiFamily {
  return apiFamilyOf(path) ?? 'locallab';
}

/** Whether a path belongs to an API family and so is counted, limited and logged (probes aside); an undecodable one does. */
export function isApiPath(path: string): boolean {
  const normalized = normalizePath(path);
  return normalized === null || (apiFamilyOf(normalized) !== null && !probePaths.test(normalized));
}

/**
 * Whether a request needs no key: liveness probes, and GET/HEAD outside the API
 * (the web UI's page and assets, which hold no data and must load before the user has entered a key).
 */
export function isPublicRequest(method: string, path: string): boolean {
  const normalized = normalizePath(path);
  if (normalized === null) return false;
  if (probePaths.test(normalized)) return true;
  return (method === 'GET' || method === 'HEAD') && apiFamilyOf(normalized) === null;
}
