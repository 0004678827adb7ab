import { maxTimerSeconds } from '../../common/settings.js';

/** The wall-clock cap of one generation when the model's settings name none, in seconds. */
export const defaultMaxGenerationSeconds = 600;

/** A wall-clock cap on one generation; `signal` aborts when it passes. */
export interface GenerationDeadline {
  signal: AbortSignal;
  /** Whether the cap stopped the generation (then it ends as if at its token limit, finish_reason "length"). */
  readonly expired: boolean;
  dispose(): void;
}

/**
 * Starts the clock for a generation that has its slot, so a generation that never ends (a model that never
 * emits end-of-generation under context shifting, a grammar that loops) frees the slot after `seconds`.
 * @internal
 */
export function startGenerationDeadline(seconds = defaultMaxGenerationSeconds): GenerationDeadline {
  const controller = new AbortController();
  // Past setTimeout's reach (24.8 days) a timer fires at once; such a cap means none.
  const timer = seconds < maxTimerSeconds ? setTimeout(() => controller.abort(), seconds * 1000) : undefined;
  timer?.unref();
  return {
    signal: controller.signal,
    get expired() {
      return controller.signal.aborted;
    },
    dispose: () => clearTimeout(timer),
  };
}
