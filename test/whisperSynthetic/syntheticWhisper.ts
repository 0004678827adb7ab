import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** The folder id the synthetic model is found under, as a local Whisper model. */
export const syntheticWhisperId = 'whisper-synthetic';

const repoRoot = path.join(import.meta.dirname, '..', '..');
const cacheRoot = path.join(repoRoot, '.hearth-test', 'whisper');

/**
 * A folder holding `whisper-synthetic/`, a Whisper model in sherpa-onnx's layout without learned weights
 * (make.py beside this file says what it does). Written once per checkout by make.py, which needs Debian's
 * python3-onnx (.ci/run installs it): model files are not committed, even a few KB of generated ones.
 */
export async function syntheticWhisperParent(): Promise<string> {
  const model = path.join(cacheRoot, syntheticWhisperId);
  if (existsSync(path.join(model, 'synthetic-tokens.txt'))) return cacheRoot;
  await mkdir(cacheRoot, { recursive: true });
  // Written aside and renamed into place: test files running at once each make one, and the first rename wins.
  const staging = await mkdtemp(path.join(cacheRoot, 'making-'));
  try {
    execFileSync('/usr/bin/python3', [path.join(import.meta.dirname, 'make.py'), staging], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`test/whisperSynthetic/make.py could not write the synthetic Whisper model (install Debian's python3-onnx): ${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? (error as Error).message}`);
  }
  await rename(staging, model).catch(() => undefined);
  await rm(staging, { recursive: true, force: true });
  return cacheRoot;
}

/**
 * The Hugging Face repo files of sherpa-onnx's Whisper tiny (csukuangfj/sherpa-onnx-whisper-tiny), with the
 * synthetic model under tiny's names, for the stand-in (test/fixtures/hfMirror.ts) to serve: the float and
 * int8 encoder and decoder, the tokens and a README, so a download must pick the files it needs.
 */
export async function syntheticWhisperTinyRepoFiles(): Promise<Record<string, string | Buffer>> {
  const synthetic = path.join(await syntheticWhisperParent(), syntheticWhisperId);
  const encoder = path.join(synthetic, 'synthetic-encoder.onnx');
  const decoder = path.join(synthetic, 'synthetic-decoder.onnx');
  return {
    'tiny-encoder.onnx': encoder,
    'tiny-encoder.int8.onnx': encoder,
    'tiny-decoder.onnx': decoder,
    'tiny-decoder.int8.onnx': decoder,
    'tiny-tokens.txt': path.join(synthetic, 'synthetic-tokens.txt'),
    'README.md': Buffer.from('# sherpa-onnx whisper tiny\n'),
  };
}
