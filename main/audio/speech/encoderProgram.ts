/**
 * The program that encodes speech, run as a child like espeakProgram.ts. The encoders are Emscripten
 * builds whose Node glue installs process-wide hooks (an `unhandledRejection` handler that aborts, a
 * patched global `fetch`), which must never reach the server's own process.
 *
 * argv: the format (mp3, opus, flac, pcm), the input's sample rate, then a JSON object of the encoder
 * libraries' resolved paths (encoders.ts). stdin: 16-bit little-endian mono PCM. stdout: the encoded audio.
 *
 * - mp3: LAME through wasm-media-encoders, VBR.
 * - opus: libopus with its Ogg writer through opus-encdec; Opus runs at 48 kHz, so speex resamples first.
 * - flac: libFLAC through libflacjs (its asm.js build: the wasm one can't load its file through Node's fetch).
 * - pcm: OpenAI's raw format is 24 kHz, so speex (from the same opus-encdec build) resamples to it.
 */
export const encoderProgramSource = String.raw`
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const [format, rateText, pathsJson] = process.argv.slice(1);
const paths = JSON.parse(pathsJson);
const rate = Number(rateText);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
// A copy: the concatenated buffer may start at an odd offset of a shared pool.
const pcm = new Int16Array(new Uint8Array(Buffer.concat(chunks)).buffer);
const floats = Float32Array.from(pcm, (sample) => sample / 32768);
const out = [];

async function loadOpus() {
  const lib = require(paths.opus);
  if (!lib.isReady) await new Promise((resolve) => (lib.onready = resolve));
  return lib;
}

if (format === 'mp3') {
  const { createMp3Encoder } = require(paths.mp3);
  const encoder = await createMp3Encoder();
  encoder.configure({ sampleRate: rate, channels: 1, vbrQuality: 4 });
  // Each call returns a view of the encoder's memory, valid until the next call: copy it.
  out.push(Buffer.from(encoder.encode([floats])), Buffer.from(encoder.finalize()));
} else if (format === 'opus') {
  const lib = await loadOpus();
  const { OggOpusEncoder } = require(paths.oggOpus);
  // 2048: libopus's VOIP mode, tuned for speech.
  const encoder = new OggOpusEncoder({ originalSampleRate: rate, numberOfChannels: 1, encoderApplication: 2048, encoderSampleRate: 48000 }, lib);
  const page = (exported) => exported && out.push(Buffer.from(exported.page));
  page(encoder.generateIdPage());
  page(encoder.generateCommentPage());
  // Fed one 20 ms frame at a time: its last-frame padding is as long as the buffers it was fed.
  const frame = Math.round(rate / 50);
  for (let start = 0; start < floats.length; start += frame) encoder.encode([floats.subarray(start, start + frame)]).forEach(page);
  encoder.encodeFinalFrame().forEach(page);
  encoder.destroy();
} else if (format === 'flac') {
  const Flac = require(paths.flac);
  if (!Flac.isReady()) await new Promise((resolve) => Flac.on('ready', resolve));
  // 16-bit mono, compression level 5 (libFLAC's default), total samples known so the header is exact.
  const encoder = Flac.create_libflac_encoder(rate, 1, 16, 5, pcm.length, false);
  if (!encoder) throw new Error('libFLAC could not create an encoder');
  Flac.init_encoder_stream(encoder, (data) => out.push(Buffer.from(data)));
  if (!Flac.FLAC__stream_encoder_process_interleaved(encoder, Int32Array.from(pcm), pcm.length)) throw new Error('libFLAC failed to encode');
  Flac.FLAC__stream_encoder_finish(encoder);
  Flac.FLAC__stream_encoder_delete(encoder);
} else if (format === 'pcm') {
  const lib = await loadOpus();
  const target = 24000;
  const capacity = Math.ceil((floats.length * target) / rate) + 1024;
  const errorPointer = lib._malloc(4);
  // Quality 5: speex's default, the one its own tools use for speech.
  const resampler = lib._speex_resampler_init(1, rate, target, 5, errorPointer);
  const inPointer = lib._malloc(floats.length * 4);
  const outPointer = lib._malloc(capacity * 4);
  const inLength = lib._malloc(4);
  const outLength = lib._malloc(4);
  // Views are taken after every malloc: a grown heap detaches the old ones.
  lib.HEAPF32.set(floats, inPointer >> 2);
  lib.HEAP32[inLength >> 2] = floats.length;
  lib.HEAP32[outLength >> 2] = capacity;
  lib._speex_resampler_process_interleaved_float(resampler, inPointer, inLength, outPointer, outLength);
  const produced = lib.HEAPF32.slice(outPointer >> 2, (outPointer >> 2) + lib.HEAP32[outLength >> 2]);
  lib._speex_resampler_destroy(resampler);
  for (const pointer of [errorPointer, inPointer, outPointer, inLength, outLength]) lib._free(pointer);
  const samples = Int16Array.from(produced, (value) => Math.max(-32768, Math.min(32767, Math.round(value * 32768))));
  out.push(Buffer.from(samples.buffer));
} else {
  process.stderr.write('unknown format ' + format + '\n');
  process.exit(1);
}
process.stdout.write(Buffer.concat(out));
`;
