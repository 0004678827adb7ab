import { sherpaProgramPrelude } from '../sherpaOnnx.js';

/**
 * The program that speaks with a VITS voice through sherpa-onnx, as a child process (runVitsProgram.ts).
 * sherpa-onnx ends its process on broken voice files (a malformed tokens.txt, a model without VITS's
 * metadata) and crashes on text none of whose words a lexicon voice knows, so it never runs inside the server.
 *
 * argv: the path of sherpa-onnx-node's main file.
 * stdin: one JSON line `{ config, text?, sid, speed }` (config: sherpa-onnx's OfflineTtsConfig).
 * stdout: `{"loaded":true,"sampleRate":…,"numSpeakers":…}` once the voice is loaded; with a text, then
 * `{"samples":n}` and n mono samples as little-endian float32 in [-1, 1].
 */
export const vitsProgramSource = sherpaProgramPrelude + String.raw`
const job = JSON.parse(input.toString('utf8'));
try {
  const tts = await sherpa.OfflineTts.createAsync(job.config);
  process.stdout.write(JSON.stringify({ loaded: true, sampleRate: tts.sampleRate, numSpeakers: tts.numSpeakers }) + '\n');
  if (typeof job.text === 'string') {
    const audio = tts.generate({ text: job.text, sid: job.sid, speed: job.speed, enableExternalBuffer: false });
    const samples = audio.samples;
    process.stdout.write(JSON.stringify({ samples: samples.length }) + '\n');
    process.stdout.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  }
} catch (error) {
  process.stderr.write(String(error?.message ?? error) + '\n');
  process.exitCode = 3;
}
`;
