import type { Context } from 'koa';
import type { OllamaListResponse } from '../../../common/api/ollama.js';
import type { OpenAiModelList } from '../../../common/api/openai.js';
import type { Services } from '../../services.js';
import { toOpenAiModel } from '../openAiModels.js';
import type { FileDigests } from './FileDigests.js';
import { listOllamaModels } from './tags.js';

/**
 * GET /ollama/v1/models, which LoLLMs documents as "models in the Ollama JSON format". The body is
 * Ollama's list (`models`, as /api/tags) and also OpenAI's (`object`, `data`), because the rest of
 * /ollama/v1 is OpenAI-shaped and an OpenAI client given that base URL lists models here too.
 */
export function lollmsModels(services: Services, digests: FileDigests) {
  return async function ollamaV1Models(ctx: Context): Promise<void> {
    const [models, infos] = await Promise.all([listOllamaModels(services, digests), services.engine.listModels()]);
    ctx.body = { models, object: 'list', data: infos.map(toOpenAiModel) } satisfies OllamaListResponse & OpenAiModelList;
  };
}
