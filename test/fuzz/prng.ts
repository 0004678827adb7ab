/**
 * A small seeded generator (mulberry32): the same seed gives the same requests, so a failure
 * printed with its seed can be replayed with HEARTH_FUZZ_SEED=<seed>.
 */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A generator for one stream of inputs (a family), independent of how many values the others drew. */
  fork(label: string): Prng {
    let hash = this.seed >>> 0;
    for (const char of label) hash = Math.imul(hash ^ char.charCodeAt(0), 0x9e3779b1) >>> 0;
    return new Prng(hash);
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Runs one of the producers, chosen uniformly. */
  oneOf<T>(producers: ReadonlyArray<() => T>): T {
    return this.pick(producers)();
  }
}

/** The seed `npm test` uses, so CI is reproducible; HEARTH_FUZZ_SEED=random explores new inputs. */
const defaultSeed = 20261205;

/** HEARTH_FUZZ_SEED when set (to replay a failure, or `random` for a fresh seed), else the default seed. */
export function fuzzSeed(): number {
  const fromEnv = process.env.HEARTH_FUZZ_SEED;
  if (fromEnv === undefined || fromEnv === '') return defaultSeed;
  if (fromEnv !== 'random') {
    const seed = Number(fromEnv);
    if (!Number.isInteger(seed)) throw new Error(`HEARTH_FUZZ_SEED must be an integer, got '${fromEnv}'`);
    return seed >>> 0;
  }
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}
