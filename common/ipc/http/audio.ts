import type { IpcHandlers } from '../contract.js';
import type { SpeechVoicesResponse } from '../../api/speech.js';
import type { SpeechVoice } from '../calls/audio.js';
import type { HttpClient } from './request.js';

/** OpenAI's requests name a model; Hearth's local engines answer to OpenAI's names ('whisper-1': the first local Whisper). */
const speechModel = 'tts-1';
const transcriptionModel = 'whisper-1';

export function audioHttpCalls(client: HttpClient): Pick<IpcHandlers, 'audio:speak' | 'audio:voices' | 'audio:transcribe'> {
  return {
    async 'audio:speak'({ text, voice, format }) {
      const body = { model: speechModel, input: text, voice: voice ?? 'alloy', response_format: format ?? 'mp3' };
      const response = await client.send('/v1/audio/speech', { method: 'POST', body });
      const mimeType = response.headers.get('content-type')?.split(';')[0]?.trim() || 'audio/wav';
      return { audio: new Uint8Array(await response.arrayBuffer()), mimeType };
    },
    async 'audio:voices'() {
      const answer = await client.json<SpeechVoicesResponse>('/v1/audio/voices');
      return answer.voices.map(({ id, name, language, alias_of }): SpeechVoice => ({ id, name, language, ...(alias_of ? { aliasOf: alias_of } : {}) }));
    },
    async 'audio:transcribe'({ audio, filename, mimeType, model }) {
      const form = new FormData();
      // A copy into a plain ArrayBuffer: a Blob may not be built over a view of shared memory.
      form.append('file', new Blob([audio.slice()], { type: mimeType }), filename);
      form.append('model', model ?? transcriptionModel);
      form.append('response_format', 'json');
      const answer = await client.json<{ text: string }>('/v1/audio/transcriptions', { method: 'POST', body: form });
      return { text: answer.text };
    },
  };
}
