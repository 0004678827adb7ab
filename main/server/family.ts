/** The API family a path belongs to, which decides the error shape it answers with. */
export type ApiFamily = 'openai' | 'ollama' | 'locallab';

export function familyOf(path: string): ApiFamily {
  if (/^\/(v1|api\/v1|ollama\/v1|lollms\/v1)(\/|$)/.test(path)) return 'openai';
  if (/^\/(api|ollama\/api)(\/|$)/.test(path)) return 'ollama';
  return 'locallab';
}
