import { open } from 'node:fs/promises';
import { FileWindow } from './FileWindow.js';
import { GgufFormatError } from './GgufFormatError.js';
import { tensorDataBytes } from './ggmlTypeSizes.js';
import { defaultGgufReadLimits, type GgufReadLimits } from './ggufLimits.js';
import { ggufValueType, readString, readValue, spend, type GgufValue, type ValueContext } from './ggufValues.js';

export interface GgufTensorInfo {
  name: string;
  dimensions: number[];
  /** ggml_type number (node-llama-cpp's GgmlType names them). */
  ggmlType: number;
  /** Offset of the data from the start of the tensor data, not of the file. */
  offset: number;
}

/** What a GGUF header says, read without its tensor data. */
export interface GgufHeader {
  /** 2 or 3: the same layout, little-endian. */
  version: number;
  /** Keys in file order; vocabulary-sized arrays are GgufArraySummary. */
  metadata: Map<string, GgufValue>;
  tensorCount: number;
  /** Only when asked for (`tensors: true`). */
  tensors: GgufTensorInfo[] | undefined;
  /** Elements of all tensors: the parameter count of this file. */
  parameterCount: number;
  /** Elements stored in each ggml type. */
  elementsByType: Map<number, number>;
  alignment: number;
  /** Where the tensor data starts: the header's length in bytes, padding included. */
  dataOffset: number;
  fileSize: number;
}

export interface ReadGgufHeaderOptions {
  /** Keep every tensor's name, shape and type (the counts are always computed). */
  tensors?: boolean;
  /** Arrays under these keys are only summarized, whatever their length (vocabularies). */
  skipKeys?: Iterable<string>;
  limits?: Partial<GgufReadLimits>;
  signal?: AbortSignal;
}

const magic = 0x46554747; // "GGUF" read as a little-endian uint32
// The GGUF spec caps keys at 2^16-1 bytes.
const maxKeyBytes = 0xffff;
// ggml's GGML_MAX_DIMS.
const maxDimensions = 4;
// Smallest key/value (key length, type, a one-byte value) and tensor info (name length, dims count, type, offset).
const minKeyValueBytes = 8 + 4 + 1;
const minTensorInfoBytes = 8 + 4 + 4 + 8;
// What a kept tensor info holds in memory besides its name, counted against maxMaterializedBytes.
const bytesPerTensorInfo = 128;

function swap32(value: number): number {
  return (((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >>> 8) & 0xff00) | (value >>> 24)) >>> 0;
}

/**
 * Reads a GGUF header (v2 or v3, little-endian) from a local file with bounded reads: every count and
 * length is checked against the bytes left in the file and the limits before anything is read or
 * allocated, vocabulary-sized arrays are skipped without being decoded, and nothing past the tensor
 * infos is read. Throws GgufFormatError for a file it will not read.
 *
 * No worker thread: the work is linear in the bytes read (an array of fixed-size values is skipped in
 * one step; strings and nested arrays cost one loop turn per 8 or 12 bytes at least), the header is at
 * most `maxHeaderBytes`, memory held is one window plus what is returned (`maxMaterializedBytes`,
 * `maxKeyValues`, `maxMaterializedArrayLength`), and the event loop runs between windows of 1 MiB.
 * The deadline is checked before every read.
 */
export async function readGgufHeader(file: string, options: ReadGgufHeaderOptions = {}): Promise<GgufHeader> {
  const limits = { ...defaultGgufReadLimits, ...options.limits };
  const handle = await open(file, 'r');
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new GgufFormatError('not a regular file');
    const window = new FileWindow(handle, {
      fileSize: stats.size,
      limit: limits.maxHeaderBytes,
      deadline: performance.now() + limits.timeoutMs,
      signal: options.signal,
    });
    const context: ValueContext = { window, limits, materializedBytes: 0, skipKeys: new Set(options.skipKeys ?? []) };
    const version = await readPreamble(window);
    await window.ensure(16, 'the tensor and metadata counts');
    const tensorCount = window.u64();
    const keyValueCount = window.u64();
    if (keyValueCount > limits.maxKeyValues) throw new GgufFormatError(`the header claims ${keyValueCount} metadata entries; Hearth reads at most ${limits.maxKeyValues}`);
    if (tensorCount > limits.maxTensors) throw new GgufFormatError(`the header claims ${tensorCount} tensors; Hearth reads at most ${limits.maxTensors}`);
    window.check(keyValueCount * minKeyValueBytes + tensorCount * minTensorInfoBytes, `${keyValueCount} metadata entries and ${tensorCount} tensor infos`);

    const metadata = new Map<string, GgufValue>();
    for (let i = 0; i < keyValueCount; i++) {
      const key = await readString(context, maxKeyBytes, `the key of metadata entry ${i}`);
      if (metadata.has(key)) throw new GgufFormatError(`metadata '${key}' appears twice`);
      await window.ensure(4, `metadata '${key}'`);
      const type = window.u32();
      if (key === 'general.alignment' && type !== ggufValueType.uint32) throw new GgufFormatError(`general.alignment must be a uint32, not type ${type}`);
      metadata.set(key, await readValue(context, type, key, 0));
    }
    const alignment = (metadata.get('general.alignment') as number | undefined) ?? 32;
    if (alignment === 0 || (alignment & (alignment - 1)) !== 0) throw new GgufFormatError(`general.alignment ${alignment} is not a power of two`);

    const tensors = await readTensorInfos(context, tensorCount, alignment, options.tensors === true);
    const dataOffset = Math.ceil(window.position / alignment) * alignment;
    // A file cut short (an interrupted download or copy) ends before the data of its last tensors.
    if (tensorCount > 0 && dataOffset + tensors.dataBytes > stats.size) {
      throw new GgufFormatError(`the tensor data needs ${dataOffset + tensors.dataBytes} bytes but the file has ${stats.size} (truncated)`);
    }
    return {
      version,
      metadata,
      tensorCount,
      tensors: tensors.kept,
      parameterCount: tensors.parameterCount,
      elementsByType: tensors.elementsByType,
      alignment,
      dataOffset,
      fileSize: stats.size,
    };
  } finally {
    await handle.close();
  }
}

async function readPreamble(window: FileWindow): Promise<number> {
  if (window.fileSize < 8) throw new GgufFormatError(`the file is ${window.fileSize} bytes, too short for a GGUF header`);
  await window.ensure(8, 'the magic and version');
  const found = window.u32();
  const version = window.u32();
  if (found === swap32(magic)) throw new GgufFormatError('big-endian GGUF files are not supported; use a little-endian conversion of the model');
  if (found !== magic) throw new GgufFormatError(`not a GGUF file (it starts with 0x${swap32(found).toString(16).padStart(8, '0')}, not "GGUF")`);
  if (version === 2 || version === 3) return version;
  // Big-endian files keep the magic as bytes but write the version (and everything after it) big-endian.
  if (swap32(version) >= 1 && swap32(version) <= 3) throw new GgufFormatError('big-endian GGUF files are not supported; use a little-endian conversion of the model');
  if (version === 1) throw new GgufFormatError('GGUF version 1 is no longer supported; convert the model again with a current llama.cpp');
  throw new GgufFormatError(`unknown GGUF version ${version}`);
}

async function readTensorInfos(context: ValueContext, count: number, alignment: number, keep: boolean) {
  const { window, limits } = context;
  const kept: GgufTensorInfo[] | undefined = keep ? [] : undefined;
  const elementsByType = new Map<number, number>();
  let parameterCount = 0;
  // The end of the furthest tensor whose size is known, relative to the tensor data.
  let dataBytes = 0;
  for (let i = 0; i < count; i++) {
    const name = await readString(context, limits.maxTensorNameBytes, `the name of tensor ${i}`);
    // Names are only kept on request; the budget of returned values counts what is kept.
    if (keep) spend(context, bytesPerTensorInfo);
    else context.materializedBytes -= Buffer.byteLength(name);
    const what = `tensor '${name}'`;
    await window.ensure(4, what);
    const dimensionCount = window.u32();
    if (dimensionCount > maxDimensions) throw new GgufFormatError(`${what} has ${dimensionCount} dimensions; ggml allows ${maxDimensions}`);
    await window.ensure(dimensionCount * 8 + 12, what);
    const dimensions: number[] = [];
    let elements = 1;
    for (let d = 0; d < dimensionCount; d++) {
      const size = window.u64();
      dimensions.push(size);
      elements *= size;
    }
    if (!Number.isSafeInteger(elements)) throw new GgufFormatError(`${what} claims ${elements} elements`);
    const ggmlType = window.u32();
    const offset = window.u64();
    if (offset % alignment !== 0) throw new GgufFormatError(`${what} starts at ${offset}, not a multiple of the alignment ${alignment}`);
    const bytes = tensorDataBytes(ggmlType, dimensions);
    dataBytes = Math.max(dataBytes, offset + (bytes ?? 0));
    parameterCount += elements;
    elementsByType.set(ggmlType, (elementsByType.get(ggmlType) ?? 0) + elements);
    kept?.push({ name, dimensions, ggmlType, offset });
  }
  return { kept, parameterCount, elementsByType, dataBytes };
}
