/**
 * LocalLab wire format ⇄ the engine's request model. /generate, /chat and /generate/batch are a thin
 * dialect over engine.chat: a LocalLab prompt is an instruction ("Explain quantum computing…"), so it
 * goes through the model's chat template as one user message, as Ollama's /api/generate does.
 */
import { localLabDefaults, type LocalLabBatchRequest, type LocalLabChatRequest, type LocalLabGenerateRequest, type LocalLabCurrentModel, type LocalLabModel, type LocalLabSampling, type LocalLabUsage } from '../../../common/api/locallab.js';
import type { ModelInfo } from '../../../common/models.js';
import type { ChatRequest, GenerationResult, SamplingOptions, Usage } from '../../engine/types.js';

/** LocalLab's defaults fill what the client left out or sent as null; do_sample false is greedy decoding. */
export function fromLocalLabSampling(body: LocalLabSampling): SamplingOptions {
  const greedy = (body.do_sample ?? localLabDefaults.doSample) === false;
  return {
    maxTokens: body.max_length ?? localLabDefaults.maxLength,
    temperature: greedy ? 0 : (body.temperature ?? localLabDefaults.temperature),
    topP: body.top_p ?? localLabDefaults.topP,
    topK: body.top_k ?? localLabDefaults.topK,
    repeatPenalty: body.repetition_penalty ?? localLabDefaults.repetitionPenalty,
  };
}

/** The engine request for /generate, minus signal and callbacks; `model` is the resolved id. */
export function fromLocalLabGenerateRequest(body: LocalLabGenerateRequest, model: string): ChatRequest {
  return { model, messages: [{ role: 'user', content: body.prompt }], ...fromLocalLabSampling(body) };
}

export function fromLocalLabChatRequest(body: LocalLabChatRequest, model: string): ChatRequest {
  return { model, messages: body.messages.map((m) => ({ role: m.role, content: m.content })), ...fromLocalLabSampling(body) };
}

/** One engine request per prompt, in the prompts' order. */
export function fromLocalLabBatchRequest(body: LocalLabBatchRequest, model: string): ChatRequest[] {
  const sampling = fromLocalLabSampling(body);
  return body.prompts.map((prompt) => ({ model, messages: [{ role: 'user', content: prompt }], ...sampling }));
}

export function toLocalLabUsage(usages: Array<Pick<Usage, 'promptTokens' | 'completionTokens'>>): LocalLabUsage {
  const prompt = usages.reduce((sum, u) => sum + u.promptTokens, 0);
  const completion = usages.reduce((sum, u) => sum + u.completionTokens, 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

export function toLocalLabGenerateResponse(result: GenerationResult) {
  return { response: result.text, model: result.model, usage: toLocalLabUsage([result.usage]) };
}

export function toLocalLabChatResponse(result: GenerationResult) {
  return {
    // Tool calls are never requested here, so the engine only ends with stop or length.
    choices: [{ message: { role: 'assistant' as const, content: result.text }, finish_reason: result.finishReason === 'length' ? ('length' as const) : ('stop' as const) }],
    model: result.model,
    usage: toLocalLabUsage([result.usage]),
  };
}

export function toLocalLabBatchResponse(results: GenerationResult[], model: string) {
  return { responses: results.map((r) => r.text), model, usage: toLocalLabUsage(results.map((r) => r.usage)) };
}

/** A model as /models/available lists it: the engine's view, the same /v1/models and /api/tags use. */
export function toLocalLabModel(info: ModelInfo): LocalLabModel {
  return {
    id: info.id,
    name: info.name ?? info.id,
    aliases: info.aliases,
    architecture: info.architecture ?? null,
    parameter_count: info.parameterCount ?? null,
    quantization: info.fileType ?? null,
    size_bytes: info.sizeBytes,
    context_length: info.trainContextSize ?? null,
    has_chat_template: info.hasChatTemplate ?? null,
    is_loaded: info.state === 'loaded',
    status: info.state,
  };
}

/** A model with its load details, for /models/current and /models/load. */
export function toLocalLabCurrentModel(info: ModelInfo): LocalLabCurrentModel {
  return {
    ...toLocalLabModel(info),
    loaded: info.loaded
      ? { context_size: info.loaded.contextSize, parallel_slots: info.loaded.parallelSlots, gpu_layers: info.loaded.gpuLayers, expires_at: info.loaded.expiresAt }
      : null,
  };
}
