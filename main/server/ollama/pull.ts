import type { Context } from 'koa';
import { InvalidRequestError } from '../../../common/errors.js';
import type { DownloadRecord } from '../../../common/downloads.js';
import { ollamaPullRequest, type OllamaProgressResponse } from '../../../common/api/ollama.js';
import type { DownloadManager } from '../../downloads/DownloadManager.js';
import type { Services } from '../../services.js';
import { streamEvents } from '../streamEvents.js';
import { clientGoneSignal, openNdjson } from '../stream.js';
import { updateAlias } from '../aliases.js';
import { fromOllamaName } from './translate.js';

/** What /api/pull needs of the model download service. */
export type PullDownloads = Pick<DownloadManager, 'start' | 'whenDone' | 'cancel' | 'on' | 'off'>;

/** Ollama's progress objects for a download snapshot: one per file still moving. */
function toOllamaProgress(record: DownloadRecord): OllamaProgressResponse[] {
  return record.files.map((file) => ({
    status: `pulling ${file.fileName}`,
    digest: file.sha256 ? `sha256:${file.sha256}` : '',
    total: file.sizeBytes ?? record.totalBytes ?? 0,
    completed: file.receivedBytes,
  }));
}

/**
 * POST /api/pull: `hf.co/USER/REPO:QUANT` (or `hf.co/USER/REPO/FILE.gguf`) becomes a download through
 * the model download service, streamed as Ollama's `{status, digest, total, completed}` objects and
 * ending in `{status: "success"}`. The pulled name becomes an alias, so the same name then chats.
 * A client that disconnects cancels the download; the partial file stays, so pulling again resumes.
 */
export function pull(services: Services) {
  return async function ollamaPull(ctx: Context): Promise<void> {
    const body = ollamaPullRequest.parse(ctx.request.body);
    if (!/^(https?:\/\/)?(hf\.co|huggingface\.co)\//i.test(body.model)) {
      throw new InvalidRequestError(`'${body.model}' is not a Hugging Face reference. Hearth pulls GGUF models from Hugging Face: use hf.co/USER/REPO:QUANT, e.g. hf.co/bartowski/SmolLM2-135M-Instruct-GGUF:Q4_K_M.`, {
        param: 'model',
      });
    }
    const downloads: PullDownloads = services.downloads;
    const signal = clientGoneSignal(ctx);

    const run = async (send: (progress: OllamaProgressResponse) => void): Promise<void> => {
      send({ status: 'pulling manifest' });
      const record = await downloads.start(body.model, signal);
      const onProgress = (update: DownloadRecord) => {
        if (update.id === record.id && update.state === 'downloading') for (const progress of toOllamaProgress(update)) send(progress);
      };
      const cancel = () => void downloads.cancel(record.id).catch(() => {});
      downloads.on('progress', onProgress);
      signal.addEventListener('abort', cancel, { once: true });
      try {
        const done = await downloads.whenDone(record.id);
        for (const progress of toOllamaProgress(done)) send(progress);
        send({ status: 'verifying sha256 digest' });
        const alias = fromOllamaName(body.model);
        if (alias !== done.modelId) await updateAlias(services.settings, { add: alias, to: done.modelId });
        send({ status: 'writing manifest' });
        send({ status: 'success' });
      } finally {
        downloads.off('progress', onProgress);
        signal.removeEventListener('abort', cancel);
      }
    };

    if (body.stream === false) {
      await run(() => {});
      ctx.body = { status: 'success' } satisfies OllamaProgressResponse;
      return;
    }
    await streamEvents(ctx, (events) => run((progress) => events.send(progress)), openNdjson);
  };
}
