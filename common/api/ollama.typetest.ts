/**
 * Compile-time test, checked by `npm run typecheck`: the responses we send stay assignable to the
 * official ollama client's own types. That client returns `JSON.parse` output unchanged but types
 * its times as Date and model_info as a Map; `AsParsedBy` applies the same fiction to our wire
 * types before comparing. A type-only import: nothing of the ollama package reaches the built app.
 */
import type { ChatResponse, EmbedResponse, EmbeddingsResponse, GenerateResponse, ListResponse, ModelResponse, ProgressResponse, ShowResponse, VersionResponse } from 'ollama';
import type {
  OllamaChatRequest,
  OllamaChatResponse,
  OllamaEmbeddingsResponse,
  OllamaEmbedResponse,
  OllamaGenerateResponse,
  OllamaListResponse,
  OllamaPsResponse,
  OllamaProgressResponse,
  OllamaShowResponse,
  OllamaVersionResponse,
} from './ollama.js';

type Assignable<From, To> = [From] extends [To] ? true : false;
type Expect<T extends true> = T;

type DateKeys = 'created_at' | 'modified_at' | 'expires_at';
type AsParsedBy<T> = T extends object
  ? { [K in keyof T]: K extends DateKeys ? Date : K extends 'model_info' ? Map<string, any> : AsParsedBy<T[K]> }
  : T;

/** Only the last object of a generation carries the metrics the client's single type declares. */
type Done<T> = Extract<T, { done: true }>;

export type OllamaTypeTests = [
  Expect<Assignable<AsParsedBy<Done<OllamaChatResponse>>, ChatResponse>>,
  // `context` (the deprecated token list) is the one field we never send; see generate.ts.
  Expect<Assignable<AsParsedBy<Done<OllamaGenerateResponse>>, Omit<GenerateResponse, 'context'>>>,
  Expect<Assignable<AsParsedBy<OllamaListResponse>, Pick<ListResponse, 'models'> extends { models: Array<infer M> } ? { models: Array<Omit<M, 'expires_at' | 'size_vram'>> } : never>>,
  Expect<Assignable<AsParsedBy<OllamaPsResponse>, ListResponse>>,
  Expect<Assignable<AsParsedBy<OllamaPsResponse['models'][number]>, ModelResponse>>,
  Expect<Assignable<AsParsedBy<OllamaShowResponse>, Omit<ShowResponse, 'messages'>>>,
  Expect<Assignable<OllamaEmbedResponse, EmbedResponse>>,
  Expect<Assignable<OllamaEmbeddingsResponse, EmbeddingsResponse>>,
  Expect<Assignable<Required<OllamaProgressResponse>, ProgressResponse>>,
  Expect<Assignable<OllamaVersionResponse, VersionResponse>>,
  // The other way for requests: what the client sends fits our schema's type.
  Expect<Assignable<{ model: string; messages: Array<{ role: 'user'; content: string }> }, Partial<OllamaChatRequest>>>,
];
