import { WaveFile } from 'wavefile';

/** Whisper's own rate: every transcriber takes it, and it keeps a minute of speech near 2 MB. */
export const dictationSampleRate = 16_000;

/**
 * A MediaRecorder recording (webm/opus in Chromium, mp4 in Safari) as 16 kHz mono 16-bit WAV, the one container
 * every transcriber reads, local Whisper included. The browser's own decoder reads the recording and resamples
 * it (an OfflineAudioContext decodes at its own rate); wavefile writes the file.
 */
export async function recordingToWav(recording: Blob): Promise<Uint8Array> {
  const context = new OfflineAudioContext(1, 1, dictationSampleRate);
  const decoded = await context.decodeAudioData(await recording.arrayBuffer());
  const wav = new WaveFile();
  wav.fromScratch(1, dictationSampleRate, '32f', toMono(decoded));
  wav.toBitDepth('16');
  return wav.toBuffer();
}

/** The channels averaged into one. */
function toMono(buffer: AudioBuffer): Float32Array {
  if (buffer.numberOfChannels === 1) return buffer.getChannelData(0);
  const mono = new Float32Array(buffer.length);
  for (let channel = 0; channel < buffer.numberOfChannels; channel++) {
    const data = buffer.getChannelData(channel);
    for (let i = 0; i < data.length; i++) mono[i]! += data[i]! / buffer.numberOfChannels;
  }
  return mono;
}
