import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hostileTemplates, injectionCalls, injectionProbes } from '../fixtures/chatTemplates.js';
import { GgufBytes, ggufType, tinyGguf } from '../fixtures/ggufBytes.js';
import { writeGgufWithTemplate } from '../fixtures/ggufWithTemplate.js';
import { testModelPath, testModels } from '../testModels.js';
import type { Prng } from './prng.js';

/** Models the fuzz loads and generates with. */
export const goodModels = [testModels.tiny, testModels.chatml, testModels.tinyRandom] as const;

/** A copy of the tiny model that delete, settings and load requests may do anything to. */
export const victimModel = 'fuzz-victim';

/** Files a hub could serve, each one a lie about its own size somewhere. */
const fixedFiles: Record<string, () => Promise<Buffer>> = {
  'kv-bomb': async () => new GgufBytes().header({ tensors: 0, keyValues: 10n ** 12n }).raw(Buffer.alloc(45)).build(),
  'tensor-bomb': async () => new GgufBytes().header({ tensors: 2n ** 60n, keyValues: 0 }).raw(Buffer.alloc(64)).build(),
  'string-bomb': async () => new GgufBytes().header({ tensors: 0, keyValues: 1 }).string('general.name').u32(ggufType.string).u64(256 * 1024 * 1024).raw('x').build(),
  'key-bomb': async () => new GgufBytes().header({ tensors: 0, keyValues: 1 }).u64(2n ** 62n).raw('general.name').build(),
  'array-bomb': async () => new GgufBytes().header({ tensors: 0, keyValues: 1 }).keyArray('tokenizer.ggml.tokens', ggufType.string, 2n ** 40n).build(),
  'nested-array': async () => {
    const bytes = new GgufBytes().header({ tensors: 0, keyValues: 1 }).string('x').u32(ggufType.array);
    for (let i = 0; i < 10_000; i++) bytes.u32(ggufType.array).u64(1);
    return bytes.build();
  },
  'dims-bomb': async () => new GgufBytes().header({ tensors: 1, keyValues: 0 }).string('t').u32(2 ** 31).u64(1).build(),
  'unknown-type': async () => new GgufBytes().header({ tensors: 0, keyValues: 1 }).string('general.name').u32(99).u64(1).build(),
  'big-endian': async () => new GgufBytes(true).header({ tensors: 0, keyValues: 1 }).keyString('general.architecture', 'llama').build(),
  'version-999': async () => new GgufBytes().header({ tensors: 0, keyValues: 0 }, 999).build(),
  'not-gguf': async () => Buffer.from('<html>rate limited</html>'),
  'magic-only': async () => Buffer.from('GGUF'),
  empty: async () => Buffer.alloc(0),
  truncated: async () => (await readFile(testModelPath(testModels.tiny))).subarray(0, 100_000),
  // A well-formed header that llama.cpp still can't load: three tokens and one tensor of a model.
  'header-only': async () => tinyGguf({ name: 'header only' }),
};

/** The hostile GGUF files the fuzz writes (fixed ones and `mutated-N` ones from the seed), by model id. */
export const hostileFileIds = [...Object.keys(fixedFiles), 'mutated-0', 'mutated-1', 'mutated-2', 'mutated-3', 'flipped-0', 'flipped-1', 'flipped-2'];

/** Models whose chat template is hostile: each of chatTemplates.ts's, and one probing for JavaScript internals. */
export const templateModelIds = [...Object.keys(hostileTemplates).map((name) => `template-${name}`), 'template-injection'];

/** Every model name the fuzz may send besides hostile strings. */
export const knownModelIds = [...goodModels, victimModel, ...hostileFileIds, ...templateModelIds];

/** A tiny valid header with some bytes changed at random: counts, lengths and types that lie a little. */
function mutatedHeader(rng: Prng): Buffer {
  const bytes = Buffer.from(tinyGguf({ name: 'mutated' }));
  for (let flips = rng.int(1, 6); flips > 0; flips--) bytes[rng.int(4, bytes.length - 1)] = rng.int(0, 255);
  return bytes;
}

/**
 * The real tiny model with bytes changed in its header (metadata and tensor infos), where a reader
 * trusts counts, lengths, offsets and types; the weights after it stay as they are.
 */
async function flippedModel(rng: Prng): Promise<Buffer> {
  const bytes = Buffer.from(await readFile(testModelPath(testModels.tiny)));
  for (let flips = rng.int(1, 4); flips > 0; flips--) bytes[rng.int(24, 32 * 1024)] = rng.int(0, 255);
  return bytes;
}

/** Writes every hostile model into the models dir, plus the victim copy; file contents come from the seed. */
export async function writeHostileModels(rng: Prng, modelsDir: string): Promise<void> {
  for (const [id, bytes] of Object.entries(fixedFiles)) await writeFile(path.join(modelsDir, `${id}.gguf`), await bytes());
  for (let i = 0; i < 4; i++) await writeFile(path.join(modelsDir, `mutated-${i}.gguf`), mutatedHeader(rng));
  for (let i = 0; i < 3; i++) await writeFile(path.join(modelsDir, `flipped-${i}.gguf`), await flippedModel(rng));
  const chatml = testModelPath(testModels.chatml);
  for (const [name, template] of Object.entries(hostileTemplates)) await writeGgufWithTemplate(chatml, path.join(modelsDir, `template-${name}.gguf`), template);
  const probes = [...injectionProbes, ...injectionCalls].join('');
  await writeGgufWithTemplate(chatml, path.join(modelsDir, 'template-injection.gguf'), `${probes}{% for m in messages %}{{ m.content }}{% endfor %}`);
  await copyFile(testModelPath(testModels.tiny), path.join(modelsDir, `${victimModel}.gguf`));
}

/** A hub repo of hostile files, for pulls and downloads through a local stand-in for Hugging Face. */
export async function hostileRepoFiles(): Promise<Record<string, Buffer>> {
  return {
    'hostile-Q4_0.gguf': await fixedFiles['kv-bomb']!(),
    'hostile-Q5_0.gguf': await fixedFiles['not-gguf']!(),
    'hostile-Q6_K.gguf': await fixedFiles['header-only']!(),
    'hostile-Q8_0.gguf': await readFile(testModelPath(testModels.tiny)),
  };
}
