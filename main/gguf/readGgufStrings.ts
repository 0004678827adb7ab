import { open } from 'node:fs/promises';
import { FileWindow } from './FileWindow.js';
import { GgufFormatError } from './GgufFormatError.js';
import { defaultGgufReadLimits } from './ggufLimits.js';
import { ggufValueType, type GgufArraySummary } from './ggufValues.js';

// A token's text; real ones are a few bytes, and the longest in known vocabularies a few hundred.
const maxItemBytes = 64 * 1024;

/**
 * Some elements of a summarized string array (a vocabulary), by index: the array is walked from its
 * first element up to the largest index wanted, one length prefix at a time, decoding only the
 * elements asked for. Indices outside the array are left out of the answer.
 */
export async function readGgufStrings(file: string, array: GgufArraySummary, indices: Iterable<number>): Promise<Map<number, string>> {
  if (array.itemType !== ggufValueType.string) throw new GgufFormatError(`the array at offset ${array.offset} does not hold strings`);
  const wanted = new Set([...indices].filter((i) => Number.isInteger(i) && i >= 0 && i < array.length));
  const found = new Map<number, string>();
  if (wanted.size === 0) return found;
  const last = Math.max(...wanted);
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const window = new FileWindow(handle, { fileSize: size, limit: defaultGgufReadLimits.maxHeaderBytes, deadline: performance.now() + defaultGgufReadLimits.timeoutMs });
    window.skip(array.offset, 'the array');
    for (let i = 0; i <= last; i++) {
      if (!window.has(8)) await window.ensure(8, 'a string in the array');
      const bytes = window.u64();
      if (!wanted.has(i)) {
        window.skip(bytes, 'a string in the array');
        continue;
      }
      if (bytes > maxItemBytes) throw new GgufFormatError(`string ${i} of the array claims ${bytes} bytes`);
      await window.ensure(bytes, 'a string in the array');
      found.set(i, window.text(bytes));
    }
    return found;
  } finally {
    await handle.close();
  }
}
