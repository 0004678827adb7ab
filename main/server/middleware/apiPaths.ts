/**
 * Which paths are API routes. The check runs on a decoded, lower-cased path with
 * slashes collapsed, because the routers match case-insensitively: `/V1/models`
 * reaches the same endpoint as `/v1/models` and must not look like a web page.
 */
const apiPrefix = /^\/(v1|api|ollama|lollms|generate|chat|models|system)(\/|$)/;
const publicApiPaths = /^\/(health|ready)\/?$/;

export function normalizePath(path: string): string | null {
  try {
    return decodeURIComponent(path).toLowerCase().replace(/\/{2,}/g, '/');
  } catch {
    return null;
  }
}

/** Whether a path belongs to an API family (and so is counted, limited and logged). */
export function isApiPath(path: string): boolean {
  const normalized = normalizePath(path);
  return normalized === null || apiPrefix.test(normalized);
}

/**
 * Whether a request needs no key: liveness probes, and GET/HEAD outside the API
 * (the web UI's page and assets, which hold no data and must load before the user has entered a key).
 */
export function isPublicRequest(method: string, path: string): boolean {
  const normalized = normalizePath(path);
  if (normalized === null) return false;
  if (publicApiPaths.test(normalized)) return true;
  return (method === 'GET' || method === 'HEAD') && !apiPrefix.test(normalized);
}
