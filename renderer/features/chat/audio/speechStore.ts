import { create } from 'zustand';
import { maxSpeechInputChars } from '../../../../common/api/speech.js';
import type { SpeechVoice } from '../../../../common/ipc/calls/audio.js';
import { ipc } from '../../../ipc/client.js';
import { errorText } from '../../../lib/errorText.js';
import { handleUnauthorized } from '../../server/store.js';
import { splitForSpeech } from './splitForSpeech.js';

/** The reply being read aloud: its piece now playing from a blob: URL the <audio> element reads (null while fetched). */
export interface Speaking {
  messageId: string;
  url: string | null;
  /** Which piece of how many (a long reply is spoken in pieces the server takes at once). */
  piece: number;
  pieces: number;
}

export interface SpeechState {
  speaking: Speaking | null;
  /** Why the last reply could not be read aloud, beside its button. */
  error: { messageId: string; text: string } | null;
  voices: SpeechVoice[];
  /** Reads a reply aloud, or stops it when it is the one playing (a second press). */
  toggle(messageId: string, text: string, voice?: string): Promise<void>;
  /** The <audio> element finished a piece: plays the next, or ends. */
  next(): Promise<void>;
  stop(): void;
  loadVoices(): Promise<void>;
}

/** The pieces of the reply now spoken, each fetched once: the next one while the current one plays. */
let session: { messageId: string; fetches: (() => Promise<string>)[] } | null = null;

function fetcher(text: string, voice: string | undefined): () => Promise<string> {
  let fetched: Promise<string> | null = null;
  return () =>
    (fetched ??= ipc.call('audio:speak', { text, ...(voice ? { voice } : {}) }).then(({ audio, mimeType }) => URL.createObjectURL(new Blob([audio.slice()], { type: mimeType }))));
}

export const useSpeechStore = create<SpeechState>()((set, get) => {
  /** Plays piece `index` of the current session once it has arrived, and asks for the one after it. */
  async function play(messageId: string, index: number): Promise<void> {
    const current = session;
    if (!current || current.messageId !== messageId) return;
    set({ speaking: { messageId, url: null, piece: index, pieces: current.fetches.length } });
    try {
      const url = await current.fetches[index]!();
      // Stopped, or another reply started, while the audio was on its way.
      if (session !== current) return URL.revokeObjectURL(url);
      set({ speaking: { messageId, url, piece: index, pieces: current.fetches.length } });
      // Fetched ahead; a failure shows when its turn comes, and an abandoned one's URL is freed.
      void current.fetches[index + 1]?.().then((next) => session !== current && URL.revokeObjectURL(next), () => {});
    } catch (error) {
      handleUnauthorized(error);
      if (session !== current) return;
      session = null;
      set({ speaking: null, error: { messageId, text: errorText(error) } });
    }
  }

  return {
    speaking: null,
    error: null,
    voices: [],

    async toggle(messageId, text, voice) {
      const wasThis = get().speaking?.messageId === messageId;
      get().stop();
      if (wasThis) return;
      const pieces = splitForSpeech(text, maxSpeechInputChars);
      if (pieces.length === 0) return;
      session = { messageId, fetches: pieces.map((piece) => fetcher(piece, voice)) };
      set({ error: null });
      await play(messageId, 0);
    },

    async next() {
      const speaking = get().speaking;
      if (!speaking) return;
      if (speaking.url) URL.revokeObjectURL(speaking.url);
      if (speaking.piece + 1 < speaking.pieces) return play(speaking.messageId, speaking.piece + 1);
      session = null;
      set({ speaking: null });
    },

    stop() {
      const url = get().speaking?.url;
      if (url) URL.revokeObjectURL(url);
      session = null;
      set({ speaking: null });
    },

    async loadVoices() {
      try {
        set({ voices: await ipc.call('audio:voices', {}) });
      } catch (error) {
        handleUnauthorized(error);
      }
    },
  };
});

// A voice downloaded from Discover is spoken at once: read the voices again once a folder model finishes, as the
// chat's voice choice was filled before it existed.
ipc.on('downloads:onDidProgress', (record) => {
  if (record.folder !== undefined && record.state === 'completed' && useSpeechStore.getState().voices.length > 0) void useSpeechStore.getState().loadVoices();
});
