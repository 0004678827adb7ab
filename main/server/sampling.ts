import type { SamplingOptions } from '../engine/types.js';

/** Sampling fields as OpenAI (with llama.cpp's extensions) and Ollama's `options` both name them on the wire. */
export interface WireSampling {
  temperature?: number | null;
  top_p?: number | null;
  top_k?: number | null;
  min_p?: number | null;
  repeat_penalty?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  seed?: number | null;
  stop?: string | string[] | null;
}

/** The engine's sampling options; fields left unset stay absent so the engine's and the model's defaults apply. */
export function fromWireSampling(fields: WireSampling, maxTokens: number | null | undefined): SamplingOptions {
  const sampling: SamplingOptions = {
    temperature: fields.temperature ?? undefined,
    topP: fields.top_p ?? undefined,
    topK: fields.top_k ?? undefined,
    minP: fields.min_p ?? undefined,
    repeatPenalty: fields.repeat_penalty ?? undefined,
    presencePenalty: fields.presence_penalty ?? undefined,
    frequencyPenalty: fields.frequency_penalty ?? undefined,
    seed: fields.seed ?? undefined,
    maxTokens: maxTokens ?? undefined,
    stop: fields.stop == null ? undefined : typeof fields.stop === 'string' ? [fields.stop] : fields.stop,
  };
  for (const key of Object.keys(sampling) as Array<keyof SamplingOptions>) if (sampling[key] === undefined) delete sampling[key];
  return sampling;
}
