import { NotFoundError } from '../../../common/errors.js';
import type { Transcriber } from '../transcriber.js';
import { findLocalWhisperModels, type LocalWhisperModel } from './localWhisperModels.js';
import { SherpaWhisperTranscriber } from './SherpaWhisperTranscriber.js';
import { whisperDownloadHint } from './whisperCatalog.js';

/** OpenAI's name for its Whisper; clients send it by default, so it means "the local Whisper" when no binding claims it. */
export const defaultWhisperName = 'whisper-1';

export interface TranscriptionServiceOptions {
  modelsDir: () => string;
  /** A remote binding's transcriber for a model it exposes; null when none does. */
  bindingTranscriber?: (model: string) => Transcriber | null;
}

/** No transcriber for a model: 404 as OpenAI answers an unknown model, naming what to download or add. */
export class NoTranscriberError extends NotFoundError {
  constructor(model: string, local: readonly LocalWhisperModel[], modelsDir: string) {
    const what =
      local.length === 0
        ? `Hearth has no local Whisper model and no binding serves '${model}'. ${whisperDownloadHint(modelsDir)}`
        : `No local Whisper model or binding is named '${model}'. Local Whisper models: ${local.map((m) => m.id).join(', ')} ('${defaultWhisperName}' picks ${local[0]!.id}).`;
    super(`The transcription model '${model}' is not available. ${what}`, { code: 'model_not_found', param: 'model' });
  }
}

/**
 * Picks who transcribes a request: a binding that exposes the model first (the user added it to be used),
 * then a local Whisper model folder by id, `whisper-1` meaning the first one.
 */
export class TranscriptionService {
  private readonly local = new Map<string, SherpaWhisperTranscriber>();

  constructor(private readonly options: TranscriptionServiceOptions) {}

  /** The Whisper model folders in the models folder, read anew each time (a user may unpack one at any moment). */
  localModels(): Promise<LocalWhisperModel[]> {
    return findLocalWhisperModels(this.options.modelsDir());
  }

  async pick(model: string): Promise<Transcriber> {
    const bound = this.options.bindingTranscriber?.(model);
    if (bound) return bound;
    const local = await this.localModels();
    const wanted = model.toLowerCase();
    const found = local.find((m) => m.id.toLowerCase() === wanted) ?? (wanted === defaultWhisperName ? local[0] : undefined);
    if (!found) throw new NoTranscriberError(model, local, this.options.modelsDir());
    return this.localTranscriber(found);
  }

  /** One transcriber per model folder and file set, so its loaded recognizers are reused across requests. */
  private localTranscriber(model: LocalWhisperModel): SherpaWhisperTranscriber {
    const key = [model.encoder, model.decoder, model.tokens].join('\0');
    let transcriber = this.local.get(key);
    if (!transcriber) {
      transcriber = new SherpaWhisperTranscriber(model);
      this.local.set(key, transcriber);
    }
    return transcriber;
  }
}
