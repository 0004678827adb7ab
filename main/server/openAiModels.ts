import type { Context } from 'koa';
import type { OpenAiModel, OpenAiModelList } from '../../common/api/openai.js';
import type { ModelInfo } from '../../common/models.js';
import type { Services } from '../services.js';

/**
 * The model listing in OpenAI's shape, which several families answer with: /v1/models, LoLLMs'
 * /lollms/v1/models and /ollama/v1/models.
 */
export function toOpenAiModel(info: ModelInfo): OpenAiModel {
  const { id, file: _file, ...hearth } = info;
  // A remote binding's model is owned by the binding(s) serving it.
  const owner = info.remote ? info.remote.bindings.map((b) => b.name).join(', ') : 'hearth';
  return { id, object: 'model', created: info.modifiedAt, owned_by: owner, hearth };
}

/** GET /models: every model on disk, loaded or not; `hearth.state` says which. */
export function listModels(services: Services) {
  return async function models(ctx: Context): Promise<void> {
    const models = await services.engine.listModels();
    ctx.body = { object: 'list', data: models.map(toOpenAiModel) } satisfies OpenAiModelList;
  };
}

/** GET /models/{id}: one model by id or alias; an unknown one is a 404 model_not_found from the engine. */
export function retrieveModel(services: Services) {
  return async function model(ctx: Context): Promise<void> {
    // A wildcard segment so ids holding a slash (org/name) still match.
    const raw = ctx.params.id as string | string[];
    const id = Array.isArray(raw) ? raw.join('/') : raw;
    ctx.body = toOpenAiModel(await services.engine.getModel(id));
  };
}
