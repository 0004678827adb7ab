import { sherpaProgramPrelude } from '../sherpaOnnx.js';

/**
 * The program that runs Whisper through sherpa-onnx, as a child process (runWhisperProgram.ts). sherpa-onnx
 * ends its process on some broken model files (a malformed tokens.txt, an ONNX file without Whisper's
 * metadata) rather than throwing, so it never runs inside the server.
 *
 * argv: the path of sherpa-onnx-node's main file.
 * stdin: one JSON line `{ config, sampleRate, windowSeconds }` (config: sherpa-onnx's OfflineRecognizerConfig),
 * then the mono samples as little-endian float32.
 * stdout: `{"loaded":true}` once the model is loaded, then one JSON line per window,
 * `{ start, end, text, lang }` (seconds from the start of the audio).
 */
export const whisperProgramSource = sherpaProgramPrelude + String.raw`
const newline = input.indexOf(10);
const job = JSON.parse(input.subarray(0, newline).toString('utf8'));
// A copy into an aligned buffer: a Float32Array can't view the input at an odd offset.
const samples = new Float32Array((input.length - newline - 1) >> 2);
Buffer.from(samples.buffer).set(input.subarray(newline + 1, newline + 1 + samples.byteLength));
try {
  const recognizer = await sherpa.OfflineRecognizer.createAsync(job.config);
  process.stdout.write(JSON.stringify({ loaded: true }) + '\n');
  const windowFrames = Math.round(job.windowSeconds * job.sampleRate);
  for (let start = 0; start < samples.length; start += windowFrames) {
    const end = Math.min(samples.length, start + windowFrames);
    const stream = recognizer.createStream();
    stream.acceptWaveform({ sampleRate: job.sampleRate, samples: samples.slice(start, end) });
    const result = await recognizer.decodeAsync(stream);
    process.stdout.write(JSON.stringify({ start: start / job.sampleRate, end: end / job.sampleRate, text: result.text ?? '', lang: result.lang ?? '' }) + '\n');
  }
} catch (error) {
  process.stderr.write(String(error?.message ?? error) + '\n');
  process.exitCode = 3;
}
`;
