import { AbortedError, EngineBusyError } from '../../common/errors.js';

/**
 * At most `running` child programs at once (a synthesis holds a 32 MB wasm heap and a core, a transcription
 * every core it is given); up to `queued` more wait their turn, and past that a request is refused with 503
 * and Retry-After, in the words `busy` gives.
 */
export class ProgramGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly running: number,
    private readonly queued: number,
    private readonly busy: (active: number, waiting: number) => string,
    private readonly retryAfterSeconds = 2,
  ) {}

  /** Resolves with a release function once a slot is free; rejects with AbortedError if `signal` aborts first. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new AbortedError();
    if (this.active < this.running) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.queued) throw new EngineBusyError(this.busy(this.active, this.waiting.length), this.retryAfterSeconds);
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
