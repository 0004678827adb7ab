import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The folder ids the synthetic voices are found under, as local neural voices. */
export const syntheticVoiceId = 'vits-synthetic';
export const syntheticPiperVoiceId = 'vits-piper-synthetic';

const repoRoot = path.join(import.meta.dirname, '..', '..');
const cacheRoot = path.join(repoRoot, '.hearth-test', 'voice');

// Copies espeak-ng's data out of the espeak-ng package's virtual file system: the same espeak-ng 1.52 data
// Piper voices ship as espeak-ng-data/. argv: the package's module URL, the folder to write.
const copyEspeakData = String.raw`
const [moduleUrl, target] = process.argv.slice(1);
const fs = await import('node:fs');
const path = await import('node:path');
const { default: createEspeak } = await import(moduleUrl);
const espeak = await createEspeak({ arguments: ['--version'], print: () => {}, printErr: () => {} });
const copy = (from, to) => {
  fs.mkdirSync(to, { recursive: true });
  for (const name of espeak.FS.readdir(from)) {
    if (name === '.' || name === '..') continue;
    const source = from + '/' + name;
    if (espeak.FS.isDir(espeak.FS.stat(source).mode)) copy(source, path.join(to, name));
    else fs.writeFileSync(path.join(to, name), espeak.FS.readFile(source));
  }
};
copy('/usr/local/share/espeak-ng-data', target);
`;

/** Writes one voice folder once per checkout, aside and renamed into place: test files running at once each make one, and the first rename wins. */
async function makeVoice(id: string, piper: boolean): Promise<string> {
  const voice = path.join(cacheRoot, id);
  if (existsSync(path.join(voice, 'tokens.txt'))) return voice;
  await mkdir(cacheRoot, { recursive: true });
  const staging = await mkdtemp(path.join(cacheRoot, 'making-'));
  try {
    execFileSync('/usr/bin/python3', [path.join(import.meta.dirname, 'make.py'), staging, ...(piper ? ['--piper'] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (piper) {
      const espeakUrl = pathToFileURL(createRequire(import.meta.url).resolve('espeak-ng')).href;
      execFileSync(process.execPath, ['--input-type=module', '-e', copyEspeakData, '--', espeakUrl, path.join(staging, 'espeak-ng-data')], { stdio: ['ignore', 'ignore', 'pipe'] });
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(`test/voiceSynthetic could not write the synthetic voice ${id} (make.py needs Debian's python3-onnx): ${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? (error as Error).message}`);
  }
  await rename(staging, voice).catch(() => undefined);
  await rm(staging, { recursive: true, force: true });
  return voice;
}

/**
 * `vits-synthetic/`: a VITS voice in sherpa-onnx's lexicon layout without learned weights (make.py beside
 * this file says what it does: a sine as long as the text, pitched by speaker). Model files are not committed.
 */
export function syntheticVoiceDir(): Promise<string> {
  return makeVoice(syntheticVoiceId, false);
}

/** `vits-piper-synthetic/`: the same in Piper's layout, with its .onnx.json (speakers alba and bryn) and espeak-ng-data/. */
export function syntheticPiperVoiceDir(): Promise<string> {
  return makeVoice(syntheticPiperVoiceId, true);
}

/**
 * The Hugging Face repo files of one of sherpa-onnx's Piper voices (`csukuangfj/vits-piper-<name>`), with the
 * synthetic Piper voice under `<name>`'s file names, for the stand-in (test/fixtures/hfMirror.ts) to serve: the
 * model, its config, tokens.txt, the whole espeak-ng-data/ tree (hundreds of files in nested folders), and a
 * MODEL_CARD and README a download must skip.
 */
export async function syntheticPiperRepoFiles(name: string): Promise<Record<string, string | Buffer>> {
  const voice = await syntheticPiperVoiceDir();
  const files: Record<string, string | Buffer> = {
    [`${name}.onnx`]: path.join(voice, 'synthetic.onnx'),
    [`${name}.onnx.json`]: path.join(voice, 'synthetic.onnx.json'),
    'tokens.txt': path.join(voice, 'tokens.txt'),
    MODEL_CARD: Buffer.from(`# ${name}\nA synthetic stand-in for the voice's model card.\n`),
    'README.md': Buffer.from(`# vits-piper-${name}\n`),
  };
  const data = path.join(voice, 'espeak-ng-data');
  for (const entry of await readdir(data, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[`espeak-ng-data/${path.relative(data, file).split(path.sep).join('/')}`] = file;
  }
  return files;
}
