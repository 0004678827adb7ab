import type { FileWindow } from './FileWindow.js';
import { GgufFormatError } from './GgufFormatError.js';
import type { GgufReadLimits } from './ggufLimits.js';

/** GGUF metadata value types (gguf_type). */
export const ggufValueType = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

// Bytes of one value of each fixed-size type, by type number; strings and arrays vary.
const fixedSizes = [1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8];

/**
 * A metadata array left in the file (a vocabulary, or anything longer than the caller wanted as
 * values): its element type, its length, and the file offset of its first element.
 */
export class GgufArraySummary {
  constructor(
    readonly itemType: number,
    readonly length: number,
    readonly offset: number,
  ) {}
}

/** Integers come as numbers (exact below 2^53); bools as booleans; strings decoded as UTF-8. */
export type GgufValue = number | boolean | string | GgufValue[] | GgufArraySummary;

/** What the values of one header may still take; shared by every value read from it. @internal */
export interface ValueContext {
  window: FileWindow;
  limits: GgufReadLimits;
  /** Bytes of keys and strings returned so far. */
  materializedBytes: number;
  /** Arrays under these keys are summarized whatever their length. */
  skipKeys: ReadonlySet<string>;
}

// What one returned array element costs in memory, counted against maxMaterializedBytes.
const bytesPerElement = 16;

/** Counts memory a returned value will hold against the budget. @internal */
export function spend(context: ValueContext, bytes: number): void {
  context.materializedBytes += bytes;
  const limit = context.limits.maxMaterializedBytes;
  if (context.materializedBytes > limit) throw new GgufFormatError(`the header's keys, strings and arrays exceed ${limit} bytes`);
}

function minimumBytes(type: number): number {
  // A string is at least its length; an array at least its element type and length.
  return type === ggufValueType.string ? 8 : type === ggufValueType.array ? 12 : fixedSizes[type]!;
}

function assertKnownType(type: number, what: string): void {
  if (!Number.isInteger(type) || type < 0 || type >= fixedSizes.length) throw new GgufFormatError(`${what} has unknown value type ${type}`);
}

/**
 * A length-prefixed string: its length is checked against `maxBytes`, the bytes left in the file and
 * the budget of returned text before anything is read or allocated.
 * @internal
 */
export async function readString(context: ValueContext, maxBytes: number, what: string): Promise<string> {
  const { window } = context;
  await window.ensure(8, what);
  const bytes = window.u64();
  if (bytes > maxBytes) throw new GgufFormatError(`${what} claims ${bytes} bytes; Hearth reads strings of at most ${maxBytes}`);
  window.check(bytes, what);
  spend(context, bytes);
  await window.ensure(bytes, what);
  return window.text(bytes);
}

/** One value of `type`; `key` names it in errors and decides whether an array is summarized. @internal */
export async function readValue(context: ValueContext, type: number, key: string, depth: number): Promise<GgufValue> {
  const { window } = context;
  const what = `metadata '${key}'`;
  assertKnownType(type, what);
  if (type === ggufValueType.string) return readString(context, context.limits.maxStringBytes, what);
  if (type === ggufValueType.array) return readArray(context, key, depth + 1);
  await window.ensure(fixedSizes[type]!, what);
  switch (type) {
    case ggufValueType.uint8:
      return window.u8();
    case ggufValueType.int8:
      return window.i8();
    case ggufValueType.uint16:
      return window.u16();
    case ggufValueType.int16:
      return window.i16();
    case ggufValueType.uint32:
      return window.u32();
    case ggufValueType.int32:
      return window.i32();
    case ggufValueType.float32:
      return window.f32();
    case ggufValueType.bool:
      return window.u8() !== 0;
    case ggufValueType.uint64:
      return window.u64();
    case ggufValueType.int64:
      return window.i64();
    default:
      return window.f64();
  }
}

/** An array's element type and length, checked against the limits and the bytes left. */
async function readArrayHead(context: ValueContext, depth: number, what: string): Promise<{ itemType: number; length: number }> {
  const { window, limits } = context;
  if (depth > limits.maxArrayDepth) throw new GgufFormatError(`${what} nests arrays deeper than ${limits.maxArrayDepth}`);
  await window.ensure(12, what);
  const itemType = window.u32();
  const length = window.u64();
  assertKnownType(itemType, `an array in ${what}`);
  if (length > limits.maxArrayLength) throw new GgufFormatError(`${what} claims ${length} array elements; Hearth reads at most ${limits.maxArrayLength}`);
  // Every element takes at least minimumBytes, so a length the file cannot hold is refused here.
  window.check(length * minimumBytes(itemType), `${what} (${length} elements)`);
  return { itemType, length };
}

async function readArray(context: ValueContext, key: string, depth: number): Promise<GgufValue> {
  const what = `metadata '${key}'`;
  const { itemType, length } = await readArrayHead(context, depth, what);
  const summarize = context.skipKeys.has(key) || length > context.limits.maxMaterializedArrayLength || itemType === ggufValueType.array;
  if (summarize) {
    const offset = context.window.position;
    await skipItems(context, itemType, length, depth, what);
    return new GgufArraySummary(itemType, length, offset);
  }
  spend(context, length * bytesPerElement);
  const items: GgufValue[] = [];
  for (let i = 0; i < length; i++) items.push(await readValue(context, itemType, key, depth));
  return items;
}

/**
 * Moves past `length` elements without keeping them: fixed-size ones in one step, strings and arrays
 * one length prefix at a time, awaiting only when the window runs out (at most once per 1 MiB).
 * @internal
 */
export async function skipItems(context: ValueContext, itemType: number, length: number, depth: number, what: string): Promise<void> {
  const { window } = context;
  if (itemType === ggufValueType.string) {
    for (let i = 0; i < length; i++) {
      if (!window.has(8)) await window.ensure(8, what);
      window.skip(window.u64(), what);
    }
    return;
  }
  if (itemType === ggufValueType.array) {
    for (let i = 0; i < length; i++) {
      const inner = await readArrayHead(context, depth + 1, what);
      await skipItems(context, inner.itemType, inner.length, depth + 1, what);
    }
    return;
  }
  window.skip(length * fixedSizes[itemType]!, what);
}
