import { InvalidRequestError, ModelNotFoundError, NotFoundError } from '../../common/errors.js';
import type { ModelInfo } from '../../common/models.js';
import type { Engine } from '../engine/Engine.js';

/**
 * LocalLab serves "the loaded model" when a request names none (model_id null). Hearth can hold
 * several, so the current model is the most recently used loaded one: the last one LocalLab loaded or
 * generated with while it is still loaded, else the loaded model used last by any family (the one whose
 * idle expiry lies furthest ahead, since every use pushes expiry to now + TTL). None loaded → 400.
 */
export class CurrentModel {
  private lastUsed: string | null = null;

  constructor(private readonly engine: Pick<Engine, 'listModels' | 'getModel'>) {}

  markUsed(id: string): void {
    this.lastUsed = id;
  }

  /** The loaded model requests without a model_id go to, or null. */
  async find(): Promise<ModelInfo | null> {
    const loaded = (await this.engine.listModels()).filter((m) => m.state === 'loaded');
    const tracked = loaded.find((m) => m.id === this.lastUsed);
    if (tracked) return tracked;
    // A model kept loaded for good (expiresAt null) has no recency to compare; it ranks last.
    const rank = (m: ModelInfo) => m.loaded?.expiresAt ?? -Infinity;
    return loaded.sort((a, b) => rank(b) - rank(a))[0] ?? null;
  }

  /** The model id a request is for: its own model_id (an id or alias), else the current model. */
  async resolve(requested: string | null | undefined): Promise<string> {
    if (requested) return (await this.describe(requested)).id;
    const current = await this.find();
    if (!current) {
      throw new InvalidRequestError('No model is loaded. Load one with POST /models/load {"model_id": "..."} (GET /models/available lists them) or name it in model_id.', {
        param: 'model_id',
        code: 'no_model_loaded',
      });
    }
    return current.id;
  }

  /** The engine's description, with a 404 that points at LocalLab's own listing. */
  async describe(name: string): Promise<ModelInfo> {
    try {
      return await this.engine.getModel(name);
    } catch (error) {
      if (error instanceof ModelNotFoundError) throw localLabModelNotFound(name);
      throw error;
    }
  }
}

export function localLabModelNotFound(name: string): NotFoundError {
  return new NotFoundError(`The model '${name}' does not exist. GET /models/available lists the models Hearth can serve.`, { code: 'model_not_found', param: 'model_id' });
}
