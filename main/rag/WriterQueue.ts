/**
 * Runs one datastore's writes one after another. Two LanceDB handles running mergeInsert at once
 * duplicate rows silently (lancedb/lancedb#3377), and a job's commits must not interleave with a
 * delete: every write to a datastore's tables goes through its queue, in this one process.
 */
export class WriterQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(task).finally(() => this.pending--);
    this.tail = result.catch(() => {});
    return result;
  }

  get isIdle(): boolean {
    return this.pending === 0;
  }

  /** Resolves once everything queued so far has run. */
  drain(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
