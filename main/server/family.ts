import { normalizePath } from './middleware/apiPaths.js';

/** The API family a path belongs to, which decides the error shape it answers with. */
export type ApiFamily = 'openai' | 'ollama' | 'locallab';

/** Decided on the normalized path, as the routers match it: `/V1/models` is an OpenAI route too. */
export function familyOf(path: string): ApiFamily {
  const normalized = normalizePath(path) ?? path;
  if (/^\/(v1|api\/v1|ollama\/v1|lollms\/v1)(\/|$)/.test(normalized)) return 'openai';
  if (/^\/(api|ollama\/api)(\/|$)/.test(normalized)) return 'ollama';
  return 'locallab';
}
