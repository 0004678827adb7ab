import { create } from 'zustand';
import { HearthError } from '../../../../common/errors.js';
import { ipc } from '../../../ipc/client.js';
import { errorText } from '../../../lib/errorText.js';
import { handleUnauthorized } from '../../server/store.js';
import { recordingToWav } from './recordingToWav.js';

export type DictationPhase = 'idle' | 'starting' | 'recording' | 'transcribing';

/** What went wrong, and the server's full account where it has one (which files to get and where to put them). */
export interface DictationError {
  text: string;
  detail?: string;
  /** No transcriber: the ways to Discover (download Whisper) and Settings → Bindings are offered beside the text. */
  needsTranscriber?: boolean;
}

export interface DictationState {
  phase: DictationPhase;
  /** When recording began, ms since the epoch; for the elapsed time beside the button. */
  startedAt: number | null;
  /** Why the last dictation gave no text, in words. */
  error: DictationError | null;
  /** Asks for the microphone and records until `finish` or `cancel`. */
  start(): Promise<void>;
  /** Stops recording and transcribes; resolves with the text, or null when there is none (the error says why). */
  finish(): Promise<string | null>;
  /** Stops recording and drops it (Esc). */
  cancel(): void;
  dismissError(): void;
}

/** A dictation is a message, not a meeting: past this the recording stops by itself and is transcribed. */
export const maxRecordingMs = 5 * 60_000;

let recorder: MediaRecorder | null = null;
let chunks: Blob[] = [];
let autoStop: ReturnType<typeof setTimeout> | null = null;
/** Resolves when the recorder has handed over its last chunk. */
let stopped: Promise<void> | null = null;
/** Set by `start`, so the button can insert what an automatic stop transcribed. */
let onAutoStopText: ((text: string) => void) | null = null;

function release(): void {
  if (autoStop) clearTimeout(autoStop);
  autoStop = null;
  recorder?.stream.getTracks().forEach((track) => track.stop());
  recorder = null;
}

/** A refusal of the microphone in words a person can act on. */
function microphoneError(error: unknown): DictationError {
  return { text: microphoneErrorText(error) };
}

function microphoneErrorText(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Hearth may not use the microphone. Allow it in the browser’s site settings (or the system’s privacy settings) and try again.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No microphone was found. Connect one and try again.';
  if (name === 'NotReadableError') return 'The microphone is in use by another program or could not be opened.';
  if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices) return 'This browser cannot record audio here (recording needs https or localhost).';
  return `The microphone could not be opened${error instanceof Error && error.message ? `: ${error.message}` : '.'}`;
}

/** The server's refusal in its own words (a missing model names what to download or add), said to be dictation's. */
function transcriptionError(error: unknown): DictationError {
  if (error instanceof HearthError && error.status === 404) {
    return { text: 'Dictation needs a speech-to-text model.', detail: error.message, needsTranscriber: true };
  }
  return { text: `Dictation failed: ${errorText(error)}` };
}

export const useDictationStore = create<DictationState>()((set, get) => ({
  phase: 'idle',
  startedAt: null,
  error: null,

  async start() {
    if (get().phase !== 'idle') return;
    set({ phase: 'starting', error: null });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    } catch (error) {
      set({ phase: 'idle', error: microphoneError(error) });
      return;
    }
    // Cancelled while the permission prompt was open.
    if (get().phase !== 'starting') {
      stream.getTracks().forEach((track) => track.stop());
      return;
    }
    chunks = [];
    recorder = new MediaRecorder(stream);
    const current = recorder;
    stopped = new Promise((resolve) => current.addEventListener('stop', () => resolve(), { once: true }));
    current.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    });
    current.start();
    autoStop = setTimeout(() => void get().finish().then((text) => text && onAutoStopText?.(text)), maxRecordingMs);
    set({ phase: 'recording', startedAt: Date.now() });
  },

  async finish() {
    if (get().phase !== 'recording' || !recorder) return null;
    const mimeType = recorder.mimeType || 'audio/webm';
    recorder.stop();
    await stopped;
    release();
    const recording = new Blob(chunks, { type: mimeType });
    chunks = [];
    set({ phase: 'transcribing', startedAt: null });
    try {
      const audio = await recordingToWav(recording).catch(() => {
        throw new Error('The recording could not be read (it may be empty or too short).');
      });
      const { text } = await ipc.call('audio:transcribe', { audio, filename: 'dictation.wav', mimeType: 'audio/wav' });
      if (!text.trim()) {
        set({ phase: 'idle', error: { text: 'Nothing was heard in the recording. Speak closer to the microphone and try again.' } });
        return null;
      }
      set({ phase: 'idle' });
      return text;
    } catch (error) {
      handleUnauthorized(error);
      set({ phase: 'idle', error: transcriptionError(error) });
      return null;
    }
  },

  cancel() {
    const { phase } = get();
    if (phase !== 'recording' && phase !== 'starting') return;
    if (recorder?.state === 'recording') recorder.stop();
    release();
    chunks = [];
    set({ phase: 'idle', startedAt: null });
  },

  dismissError: () => set({ error: null }),
}));

/** Where text from a recording that stopped by itself goes (the composer's insert). */
export function setAutoStopTarget(target: ((text: string) => void) | null): void {
  onAutoStopText = target;
}
