import { AbortedError, EngineBusyError } from '../../../common/errors.js';

/**
 * At most `running` syntheses at once (each is a child process holding a 32 MB wasm heap and a core);
 * up to `queued` more wait their turn, and past that a request is refused with 503 and Retry-After.
 */
export class SpeechGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly running: number,
    private readonly queued: number,
  ) {}

  /** Resolves with a release function once a slot is free; rejects with AbortedError if `signal` aborts first. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new AbortedError();
    if (this.active < this.running) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.queued) throw new EngineBusyError(`The speech engine is busy with ${this.active} requests and ${this.waiting.length} waiting; try again shortly.`, 2);
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(new AbortedError());
      };
      // A freed slot passes straight to the next waiter, so `active` stays counted.
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}
