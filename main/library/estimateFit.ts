import { GgufInsights, readGgufFileInfo, type Llama, type ModelFileAccessTokens } from 'node-llama-cpp';
import type { ModelFit } from '../../common/library.js';
import { readModelFacts } from '../gguf/readModelFacts.js';

export interface EstimateFitOptions {
  hfEndpoint: string;
  hfToken?: string | undefined;
  /** The engine's Llama, for VRAM-aware answers; without it the estimate is for CPU and RAM only. */
  llama?: Llama | undefined;
  signal?: AbortSignal;
}

/**
 * Whether a GGUF file fits this machine, from its header alone: over HTTP only
 * the header's byte ranges are fetched, so this works before downloading.
 */
export async function estimateFit(pathOrUrl: string, options: EstimateFitOptions): Promise<ModelFit> {
  const isUrl = /^https?:\/\//.test(pathOrUrl);
  // node-llama-cpp's reader allocates whatever a header claims, so a local file passes Hearth's bounded
  // reader first (cached; rejects with "unreadable model file: …"). Over HTTP only ranges are fetched.
  if (!isUrl) await readModelFacts(pathOrUrl);
  const info = await readGgufFileInfo(pathOrUrl, {
    sourceType: isUrl ? 'network' : 'filesystem',
    readTensorInfo: true,
    logWarnings: false,
    signal: options.signal,
    fetchHeaders: options.hfToken ? { Authorization: `Bearer ${options.hfToken}` } : {},
    fetchRetryOptions: { retries: 2, minTimeout: 200, maxTimeout: 1000 },
    // null stops node-llama-cpp from reading a token from HF_TOKEN or ~/.cache/huggingface on its own.
    tokens: { huggingFace: null } as unknown as ModelFileAccessTokens,
    endpoints: { huggingFace: `${options.hfEndpoint.replace(/\/+$/, '')}/` },
  });
  const insights = await GgufInsights.from(info, options.llama);
  const { compatibilityScore, resolvedValues } = await insights.configurationResolver.resolveAndScoreConfig();
  return {
    fits: compatibilityScore > 0,
    compatibilityScore,
    gpuLayers: resolvedValues.gpuLayers,
    totalLayers: insights.totalLayers,
    contextSize: resolvedValues.contextSize,
    ramBytes: resolvedValues.totalRamUsage,
    vramBytes: resolvedValues.totalVramUsage,
  };
}
