import { ModelNotFoundError, NotFoundError } from '../../../common/errors.js';
import type { Services } from '../../services.js';
import { fromOllamaName } from './translate.js';

/** What an Ollama model name refers to. */
export interface OllamaModelName {
  /** The Hearth model id. */
  id: string;
  /** The alias (a name made by /api/copy or /api/pull) the client named the model by; null for the model's own id. */
  alias: string | null;
}

/**
 * Resolves a client's name as Ollama matches names: `name` and `name:latest` alike, case-insensitively
 * (an exact spelling wins over another casing). A `stem:tag` name also finds the file `stem-tag.gguf`,
 * since GGUF files name their quantization that way: `SmolLM2-135M:q4_k_m` is `SmolLM2-135M-Q4_K_M.gguf`.
 * @internal
 */
export async function resolveOllamaName(services: Services, name: string): Promise<OllamaModelName> {
  const wanted = fromOllamaName(name);
  try {
    // The engine's own rules first (id, alias, name:latest): no listing needed for the usual names.
    const id = await services.engine.resolveId(name);
    return { id, alias: wanted === id ? null : wanted };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  const models = await services.engine.listModels();
  const colon = wanted.lastIndexOf(':');
  const fileForTag = colon > 0 ? `${wanted.slice(0, colon)}-${wanted.slice(colon + 1)}` : null;
  for (const same of [(a: string, b: string) => a === b, (a: string, b: string) => a.toLowerCase() === b.toLowerCase()]) {
    const byId = models.find((model) => same(model.id, wanted));
    if (byId) return { id: byId.id, alias: null };
    for (const model of models) {
      const alias = model.aliases.find((known) => same(known, wanted));
      if (alias) return { id: model.id, alias };
    }
    const byTag = fileForTag === null ? undefined : models.find((model) => same(model.id, fileForTag));
    if (byTag) return { id: byTag.id, alias: null };
  }
  throw new ModelNotFoundError(name);
}

/** The model id for a client's name; see resolveOllamaName. @internal */
export async function resolveOllamaId(services: Services, name: string): Promise<string> {
  return (await resolveOllamaName(services, name)).id;
}
