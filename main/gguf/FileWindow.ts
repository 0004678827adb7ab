import type { FileHandle } from 'node:fs/promises';
import { GgufFormatError } from './GgufFormatError.js';

// The first read is small and each next one doubles up to the largest: most of a header is a few KiB, and a
// listing of hundreds of models allocated (and collected) 1 MiB per header read before.
const firstChunkBytes = 64 * 1024;
const chunkBytes = 1024 * 1024;
const twoTo32 = 2 ** 32;

export interface FileWindowOptions {
  /** The file's size when it was opened; nothing at or past it is read. */
  fileSize: number;
  /** Nothing at or past this offset is read (the header limit). */
  limit: number;
  /** performance.now() after which the next read throws. */
  deadline: number;
  signal?: AbortSignal | undefined;
}

/**
 * Reads a file forward through a window of at most 1 MiB (larger only for one long string; 64 KiB at first), so a
 * header is never read whole and every read is a bounded FileHandle.read. Every `ensure` checks the
 * bytes wanted against the file size and the header limit before reading or allocating, and the
 * deadline and signal before each read; the values in between are decoded synchronously from the
 * window, so a caller loops at most one window's worth of values between two awaited reads.
 * @internal
 */
export class FileWindow {
  /** The file offset of the next value. */
  position = 0;
  private buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  private nextChunk = firstChunkBytes;

  constructor(
    private readonly handle: FileHandle,
    private readonly options: FileWindowOptions,
  ) {}

  get fileSize(): number {
    return this.options.fileSize;
  }

  /** Bytes between the next value and the end of the file. */
  get left(): number {
    return this.options.fileSize - this.position;
  }

  /** Whether `bytes` bytes from the position are in the window already. */
  has(bytes: number): boolean {
    return this.position + bytes <= this.end;
  }

  /** Throws unless `bytes` more bytes exist in the file and under the header limit. */
  check(bytes: number, what: string): void {
    if (bytes > this.left) {
      throw new GgufFormatError(`${what} needs ${bytes} bytes at offset ${this.position} but the file ends ${this.left} bytes later (truncated or corrupt)`);
    }
    if (this.position + bytes > this.options.limit) {
      throw new GgufFormatError(`${what} would end past ${this.options.limit} bytes, more header than Hearth reads`);
    }
  }

  /** Makes `bytes` bytes from the position readable, reading the file when the window lacks them. */
  async ensure(bytes: number, what: string): Promise<void> {
    if (this.has(bytes)) return;
    this.check(bytes, what);
    this.options.signal?.throwIfAborted();
    if (performance.now() > this.options.deadline) throw new GgufFormatError(`reading the header took too long (stopped at offset ${this.position})`);
    const length = Math.min(Math.max(bytes, this.nextChunk), this.left, this.options.limit - this.position);
    this.nextChunk = Math.min(this.nextChunk * 2, chunkBytes);
    if (this.buffer.length < length) this.buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await this.handle.read(this.buffer, 0, length, this.position);
    // The file may have shrunk since it was opened.
    if (bytesRead < bytes) throw new GgufFormatError(`${what}: the file ended at offset ${this.position + bytesRead} while being read`);
    this.start = this.position;
    this.end = this.position + bytesRead;
  }

  /** Moves past `bytes` bytes without reading them; they must exist. */
  skip(bytes: number, what: string): void {
    this.check(bytes, what);
    this.position += bytes;
  }

  u8(): number {
    return this.buffer[this.take(1)]!;
  }

  i8(): number {
    return this.buffer.readInt8(this.take(1));
  }

  u16(): number {
    return this.buffer.readUInt16LE(this.take(2));
  }

  i16(): number {
    return this.buffer.readInt16LE(this.take(2));
  }

  u32(): number {
    return this.buffer.readUInt32LE(this.take(4));
  }

  i32(): number {
    return this.buffer.readInt32LE(this.take(4));
  }

  /** As a number: exact below 2^53, which every count and length Hearth accepts is. */
  u64(): number {
    const at = this.take(8);
    return this.buffer.readUInt32LE(at + 4) * twoTo32 + this.buffer.readUInt32LE(at);
  }

  i64(): number {
    const at = this.take(8);
    return this.buffer.readInt32LE(at + 4) * twoTo32 + this.buffer.readUInt32LE(at);
  }

  f32(): number {
    return this.buffer.readFloatLE(this.take(4));
  }

  f64(): number {
    return this.buffer.readDoubleLE(this.take(8));
  }

  /** `bytes` bytes as UTF-8 text; they must be in the window (see ensure). */
  text(bytes: number): string {
    const at = this.take(bytes);
    return this.buffer.toString('utf8', at, at + bytes);
  }

  private take(bytes: number): number {
    // A caller that skipped ensure() is a bug in the parser, not a bad file.
    if (!this.has(bytes) || this.position < this.start) throw new Error(`FileWindow: ${bytes} bytes at ${this.position} were not ensured`);
    const at = this.position - this.start;
    this.position += bytes;
    return at;
  }
}
