import { randomInt } from 'node:crypto';
import type { ModelLoadSettings } from '../../common/settings.js';
import type { SamplingOptions } from './types.js';

/** llama.cpp's server default; OpenAI's is 1, which is too hot for small local models. */
const defaultTemperature = 0.8;

/** Maps a request's sampling options (over the model's saved defaults) to node-llama-cpp's generation options. */
export function toLlamaSampling(request: SamplingOptions, defaults: ModelLoadSettings['sampling'] = {}) {
  const temperature = request.temperature ?? defaults.temperature ?? defaultTemperature;
  const repeat = request.repeatPenalty ?? defaults.repeatPenalty;
  const hasPenalty = (repeat !== undefined && repeat !== 1) || !!request.presencePenalty || !!request.frequencyPenalty;
  return {
    temperature,
    topK: request.topK ?? defaults.topK,
    // OpenAI's top_p of 1 and llama.cpp's min_p of 0 both mean "off".
    topP: request.topP ?? defaults.topP,
    minP: request.minP ?? defaults.minP,
    // Without a seed node-llama-cpp reuses a fixed one, so identical requests would repeat themselves.
    seed: request.seed ?? (temperature > 0 ? randomInt(0, 2 ** 31 - 1) : undefined),
    repeatPenalty: hasPenalty
      ? {
          penalty: repeat ?? 1,
          presencePenalty: request.presencePenalty ?? 0,
          frequencyPenalty: request.frequencyPenalty ?? 0,
          lastTokens: 64,
        }
      : (false as const),
    customStopTriggers: request.stop && request.stop.length > 0 ? request.stop.filter((s) => s.length > 0) : undefined,
  };
}
