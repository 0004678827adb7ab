import type { Context } from 'koa';
import { ModelNotFoundError } from '../../../common/errors.js';
import { localLabLoadRequest, type LocalLabLoadResponse } from '../../../common/api/locallab.js';
import type { DownloadManager } from '../../downloads/DownloadManager.js';
import { updateAlias } from '../aliases.js';
import { clientGoneSignal } from '../stream.js';
import { localLabModelNotFound } from '../CurrentModel.js';
import type { LocalLab } from './context.js';
import { toLocalLabCurrentModel } from './translate.js';

/** The Hugging Face reference forms the download service takes: hf:…, hf.co/…, huggingface.co/… */
const hfReference = /^(?:hf:|(?:https?:\/\/)?(?:hf\.co|huggingface\.co)\/)/i;

/** What /models/load needs of the model download service (the one /api/pull uses). */
export type LoadDownloads = Pick<DownloadManager, 'start' | 'whenDone' | 'cancel'>;

/**
 * Downloads a Hugging Face reference through the download service and names the model after the
 * reference (an alias), so the same model_id then generates and loads again without the network.
 * A client that disconnects cancels the download; the partial file stays, so loading again resumes.
 */
async function download(ctx: Context, { services }: LocalLab, ref: string): Promise<string> {
  const downloads: LoadDownloads = services.downloads;
  const signal = clientGoneSignal(ctx);
  const record = await downloads.start(ref, signal);
  const cancel = () => void downloads.cancel(record.id).catch(() => {});
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const done = await downloads.whenDone(record.id);
    if (ref !== done.modelId) await updateAlias(services.settings, { add: ref, to: done.modelId });
    return done.modelId;
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/**
 * POST /models/load: loads a local model (id or alias) with its saved settings; a Hugging Face
 * reference that is not on disk yet is downloaded first. Answers once the model is loaded.
 */
export function modelsLoad(localLab: LocalLab) {
  const { services, current } = localLab;
  return async function localLabModelsLoad(ctx: Context): Promise<void> {
    const { model_id: ref } = localLabLoadRequest.parse(ctx.request.body);
    let id: string;
    let downloadedFrom: string | null = null;
    try {
      id = await services.engine.resolveId(ref);
    } catch (error) {
      if (!(error instanceof ModelNotFoundError)) throw error;
      if (!hfReference.test(ref)) throw localLabModelNotFound(ref);
      id = await download(ctx, localLab, ref);
      downloadedFrom = ref;
    }
    const info = await services.engine.load(id);
    current.markUsed(info.id);
    ctx.body = {
      status: 'success',
      message: `Model ${info.id} loaded${downloadedFrom ? ` (downloaded from ${downloadedFrom})` : ''}.`,
      model_id: info.id,
      downloaded_from: downloadedFrom,
      model: toLocalLabCurrentModel(info),
    } satisfies LocalLabLoadResponse;
  };
}
