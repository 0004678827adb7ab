import type { Context } from 'koa';
import type { OllamaPsResponse } from '../../../common/api/ollama.js';
import type { Services } from '../../services.js';
import type { FileDigests } from './FileDigests.js';
import { toOllamaListModels } from './translate.js';

/** Ollama shows a model kept loaded forever with an expiry far in the future rather than null. */
const never = '2318-01-01T00:00:00.000Z';

/** GET /api/ps: the loaded models with when they unload and how much of them sits in GPU memory. */
export function ps(services: Services, digests: FileDigests) {
  return async function ollamaPs(ctx: Context): Promise<void> {
    const loaded = (await services.engine.listModels()).filter((info) => info.loaded);
    const listed = await Promise.all(
      loaded.map(async (info) => {
        const digest = await digests.getIfPresent(info.file);
        if (digest === null) return [];
        const [entry] = toOllamaListModels(info, digest);
        const running = info.loaded!;
        return {
          ...entry!,
          size: running.sizeBytes,
          expires_at: running.expiresAt === null ? never : new Date(running.expiresAt).toISOString(),
          size_vram: running.vramBytes,
          context_length: running.contextSize,
        };
      }),
    );
    ctx.body = { models: listed.flat() } satisfies OllamaPsResponse;
  };
}
