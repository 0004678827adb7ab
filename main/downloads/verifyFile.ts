import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { VerificationError } from '../../common/downloads.js';
import { vocabularyKeys } from '../gguf/modelFacts.js';
import { readGgufHeader } from '../gguf/readGgufHeader.js';

export async function sha256OfFile(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file, { highWaterMark: 1024 * 1024 }), hash, { signal });
  return hash.digest('hex');
}

/**
 * Checks a finished .part file against what the remote published and, unless `isGguf` is false (a folder
 * model's ONNX or text file), parses its GGUF header; throws VerificationError saying which check failed.
 */
export async function verifyDownloadedFile(
  partFile: string,
  expected: { fileName: string; sizeBytes: number | null; sha256: string | null },
  signal?: AbortSignal,
  { isGguf = true }: { isGguf?: boolean } = {},
): Promise<{ sha256: string }> {
  const { size } = await stat(partFile);
  if (expected.sizeBytes !== null && size !== expected.sizeBytes) {
    throw new VerificationError(`${expected.fileName} is ${size} bytes but should be ${expected.sizeBytes}; it was deleted.`, 'size_mismatch');
  }
  const sha256 = await sha256OfFile(partFile, signal);
  if (expected.sha256 !== null && sha256 !== expected.sha256.toLowerCase()) {
    throw new VerificationError(`${expected.fileName} failed verification: its sha256 is ${sha256} but Hugging Face publishes ${expected.sha256}. It was deleted.`, 'checksum_mismatch');
  }
  if (!isGguf) return { sha256 };
  try {
    // Each part is checked alone, with the same bounded reader the listing uses. Not through its cache: a .part
    // path is read once, and the listing reads the renamed file under its own name.
    await readGgufHeader(partFile, { skipKeys: vocabularyKeys, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new VerificationError(`${expected.fileName} is not a valid GGUF file (${(error as Error).message}); it was deleted.`, 'invalid_gguf');
  }
  return { sha256 };
}
