import type { JobProgress } from '../../common/rag.js';

/**
 * Keeps a job's progress figures: counts, the chunk rate since this run started, and an ETA from the byte
 * rate (bytes are known for every document up front, chunks only once a document is chunked).
 */
export class ProgressMeter {
  private readonly startedAt = performance.now();
  private readonly startChunks: number;
  private readonly startBytes: number;
  private bytesCompleted: number;

  constructor(private readonly progress: JobProgress) {
    this.startChunks = progress.chunksDone;
    this.startBytes = progress.bytesDone;
    this.bytesCompleted = progress.bytesDone;
  }

  get chunksDone(): number {
    return this.progress.chunksDone;
  }

  addChunks(count: number): void {
    this.progress.chunksTotal += count;
  }

  /** Chunks embedded so far, and the bytes of the current document they stand for. */
  setChunksDone(chunks: number, partialBytes = 0): void {
    this.progress.chunksDone = chunks;
    this.progress.bytesDone = Math.round(this.bytesCompleted + partialBytes);
    this.updateRates();
  }

  documentDone(bytes: number, failed: boolean): void {
    this.progress.documentsDone++;
    if (failed) this.progress.documentsFailed++;
    this.bytesCompleted += bytes;
    this.progress.bytesDone = this.bytesCompleted;
    this.updateRates();
  }

  private updateRates(): void {
    const seconds = (performance.now() - this.startedAt) / 1000;
    if (seconds <= 0) return;
    this.progress.chunksPerSecond = Math.round(((this.progress.chunksDone - this.startChunks) / seconds) * 10) / 10;
    const bytesPerSecond = (this.progress.bytesDone - this.startBytes) / seconds;
    const left = this.progress.bytesTotal - this.progress.bytesDone;
    this.progress.etaSeconds = bytesPerSecond > 0 ? Math.max(0, Math.round(left / bytesPerSecond)) : null;
  }
}
