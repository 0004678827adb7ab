import { AbortedError, EngineBusyError } from '../../common/errors.js';

export interface SlotLease<T> {
  slot: T;
  release(): void;
}

interface Waiter<T> {
  resolve: (lease: SlotLease<T>) => void;
  reject: (error: Error) => void;
  cleanup: () => void;
}

/**
 * A fixed set of slots (context sequences) handed out one request at a time.
 * Requests beyond the slots wait in a bounded FIFO queue; past it they are
 * refused at once, so a flooded server answers 503 instead of piling up work.
 */
export class SlotPool<T> {
  private readonly free: T[];
  private readonly waiters: Waiter<T>[] = [];

  constructor(
    private readonly slots: readonly T[],
    private readonly queueSize: () => number,
    private readonly onIdle?: () => void,
  ) {
    this.free = [...slots];
  }

  get active(): number {
    return this.slots.length - this.free.length;
  }

  get queued(): number {
    return this.waiters.length;
  }

  get isIdle(): boolean {
    return this.active === 0 && this.waiters.length === 0;
  }

  /**
   * Takes the free slot that scores highest (e.g. the longest cached prefix of
   * the prompt), the first in the pool's order among equals, waiting in the
   * queue when none is free.
   */
  acquire(score: (slot: T) => number, signal?: AbortSignal): Promise<SlotLease<T>> {
    if (signal?.aborted) return Promise.reject(new AbortedError());
    if (this.free.length > 0) return Promise.resolve(this.lease(this.takeBest(score)));
    if (this.waiters.length >= this.queueSize()) {
      return Promise.reject(
        new EngineBusyError(`All ${this.slots.length} slots of this model are busy and ${this.waiters.length} requests are waiting. Try again shortly.`, 2),
      );
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index !== -1) this.waiters.splice(index, 1);
        reject(new AbortedError());
      };
      const waiter: Waiter<T> = { resolve, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Fails every waiting request, e.g. when the model is unloaded under them. */
  rejectWaiters(error: Error): void {
    for (const waiter of this.waiters.splice(0)) {
      waiter.cleanup();
      waiter.reject(error);
    }
  }

  // Ties go to the slot first in the pool's order, not the one freed longest ago, so busy slots stay a
  // run from the start: llama.cpp decodes the sequences of one step together only when their ids are
  // consecutive (see LoadedModel.acquire).
  private takeBest(score: (slot: T) => number): T {
    let bestIndex = 0;
    let bestScore = -Infinity;
    let bestOrder = Infinity;
    this.free.forEach((slot, index) => {
      const value = score(slot);
      const order = this.slots.indexOf(slot);
      if (value > bestScore || (value === bestScore && order < bestOrder)) {
        bestScore = value;
        bestIndex = index;
        bestOrder = order;
      }
    });
    return this.free.splice(bestIndex, 1)[0]!;
  }

  private lease(slot: T): SlotLease<T> {
    let released = false;
    return {
      slot,
      release: () => {
        if (released) return;
        released = true;
        // A released slot goes straight to the longest waiter, first come first served.
        const waiter = this.waiters.shift();
        if (waiter) {
          waiter.cleanup();
          waiter.resolve(this.lease(slot));
          return;
        }
        this.free.push(slot);
        if (this.isIdle) this.onIdle?.();
      },
    };
  }
}
