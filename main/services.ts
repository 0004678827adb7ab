import { mkdir } from 'node:fs/promises';
import { SettingsStore, type SettingsOverrides } from './config/SettingsStore.js';
import { createLogger, type Logger } from './log.js';
import { Engine } from './engine/Engine.js';
import { ApiKeyStore } from './keys/ApiKeyStore.js';
import { RateLimiter } from './keys/RateLimiter.js';
import { StatsService } from './stats/StatsService.js';
import { DownloadManager } from './downloads/DownloadManager.js';
import { ModelLibrary } from './library/ModelLibrary.js';
import { ModelSources } from './library/ModelSources.js';
import { RagService } from './rag/RagService.js';
import { ResponseStore } from './responses/ResponseStore.js';
import { ConversationStore } from './conversations/ConversationStore.js';
import { AssistantStore } from './assistants/AssistantStore.js';
import { BindingService } from './bindings/BindingService.js';
import { BindingStore } from './bindings/BindingStore.js';
import { FileSecretStore, type SecretStore } from './bindings/SecretStore.js';
import { TranscriptionService } from './audio/transcription/TranscriptionService.js';
import { SpeechService } from './audio/speech/SpeechService.js';

/** Everything the server and the desktop shell use; built and wired in this one place. */
export interface Services {
  /** The desktop shell's per-run credential, when this server was started by it. */
  shellToken?: string;
  settings: SettingsStore;
  logger: Logger;
  engine: Engine;
  /** API keys; watches the store so keys made by the CLI apply at once. */
  keys: ApiKeyStore;
  rateLimiter: RateLimiter;
  /** Usage per model and key, and the admin request log. */
  stats: StatsService;
  /** Model downloads from Hugging Face and https URLs; the queue resumes on start. */
  downloads: DownloadManager;
  /** Local models, per-model settings, hub search and fit. */
  library: ModelLibrary;
  /** RAG datastores: documents, ingest jobs (resumed on start), search. */
  rag: RagService;
  /** Stored responses and conversations of the Responses API (<data>/responses, <data>/conversations). */
  responses: ResponseStore;
  /** The chat UI's conversations (<data>/chats), with a trash for undoing a delete. */
  conversations: ConversationStore;
  /** Assistants: shared presets (model, instructions, sampling, datastores) in <data>/assistants. */
  assistants: AssistantStore;
  /** Remote model bindings (<data>/bindings.json), served through the engine; `transcriber(model)` for speech to text. */
  bindings: BindingService;
  /** Speech to text: picks a binding that serves the model, else a local Whisper folder in the models folder. */
  transcription: TranscriptionService;
  /** Text to speech: neural voice folders in the models folder (sherpa-onnx), else espeak-ng; each a separate program, encoded to mp3, opus, flac, wav or pcm. */
  speech: SpeechService;
  dispose(): Promise<void>;
}

export interface ServicesOptions {
  dataDir: string;
  modelsDir: string;
  overrides?: SettingsOverrides;
  logger?: Logger;
  /** A per-run secret the desktop shell authenticates with (HEARTH_SHELL_TOKEN); admin, never stored. */
  shellToken?: string;
  /** Where bindings' API keys are kept; the 0600 file <data>/binding-keys.json unless the shell passes safeStorage. */
  bindingSecrets?: SecretStore;
  /** Health checks of the bindings, in ms (0: none); 30 s by default. */
  bindingHealthIntervalMs?: number;
}

export async function createServices(options: ServicesOptions): Promise<Services> {
  await mkdir(options.modelsDir, { recursive: true });
  const settings = await SettingsStore.open(options.dataDir, options.modelsDir, options.overrides);
  const logger = options.logger ?? createLogger(settings.get().logLevel);
  const engine = await Engine.create({ settings, logger: logger.child({ component: 'engine' }) });
  const keys = await ApiKeyStore.open(options.dataDir, { watch: true, logger: logger.child({ component: 'keys' }) });
  const rateLimiter = new RateLimiter();
  const stats = new StatsService(() => settings.get().requestLogSize);
  const sources = await ModelSources.open(options.dataDir);
  const downloads = await DownloadManager.open({ settings, sources, logger: logger.child({ component: 'downloads' }) });
  const library = new ModelLibrary({ settings, sources, hub: downloads.hub, engine, logger: logger.child({ component: 'library' }) });
  const rag = await RagService.open({ settings, engine, logger: logger.child({ component: 'rag' }), keyAlias: (id) => keys.get(id)?.alias });
  const responses = await ResponseStore.open({ dataDir: options.dataDir, retentionDays: () => settings.get().responsesRetentionDays, logger: logger.child({ component: 'responses' }) });
  const conversations = await ConversationStore.open({ dataDir: options.dataDir, logger: logger.child({ component: 'conversations' }) });
  const assistants = await AssistantStore.open({ dataDir: options.dataDir, logger: logger.child({ component: 'assistants' }) });
  const bindingLogger = logger.child({ component: 'bindings' });
  const bindingStore = await BindingStore.open(options.dataDir, options.bindingSecrets ?? new FileSecretStore(options.dataDir), { watch: true, logger: bindingLogger });
  const bindings = new BindingService(bindingStore, { healthIntervalMs: options.bindingHealthIntervalMs, logger: bindingLogger });
  engine.attachRemote(bindings);
  // Model lists (the UIs' event feed among them) follow the engine's 'change'; a binding added or removed changes them.
  bindingStore.on('change', () => engine.emit('change'));
  const transcription = new TranscriptionService({ modelsDir: () => settings.get().modelsDir, bindingTranscriber: (model) => bindings.transcriber(model) });
  return {
    settings,
    logger,
    engine,
    shellToken: options.shellToken || undefined,
    keys,
    rateLimiter,
    stats,
    downloads,
    library,
    rag,
    responses,
    conversations,
    assistants,
    bindings,
    transcription,
    speech: new SpeechService({ modelsDir: () => settings.get().modelsDir }),
    async dispose() {
      bindings.dispose();
      responses.close();
      conversations.close();
      // Before the engine: running jobs stop embedding, and stay saved to resume at the next start.
      await rag.dispose();
      await downloads.dispose();
      await keys.close();
      await engine.dispose();
    },
  };
}
