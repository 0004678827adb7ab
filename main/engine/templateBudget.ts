/** What the renders of one scope (a chat turn, a model's load) may spend, all together unless noted. */
export interface TemplateLimits {
  /** Interpreter steps: node evaluations, block runs (each loop iteration is one) and items a loop walks. */
  steps: number;
  /** Steps any one render may take. */
  stepsPerRender: number;
  /** How deep evaluations may nest; a recursive macro stops here instead of at the JS stack. */
  depth: number;
  /** Characters one value may hold; a list or mapping counts as its JSON text. */
  valueChars: number;
  /** Elements one list, mapping, `range()` or `split()` may hold. */
  items: number;
  /** Wall-clock milliseconds: the backstop for work a step doesn't see (sorting a long list, a big replace). */
  ms: number;
}

/**
 * One chat turn (a render of the history, and node-llama-cpp's retries with other options if it fails).
 * Llama 3.1, Qwen 2.5 with tools, Gemma, Mistral and DeepSeek R1 templates render 200 messages in under
 * 10,000 steps at a depth under 15 (boundedJinja.test.ts). A step costs 1-5 µs on a busy 2-core machine,
 * so a runaway turn stops within about a second; the clock stops what steps don't count.
 * 8M characters is more than any context holds (a 1M-token prompt is about 4M characters).
 */
export const turnLimits: TemplateLimits = { steps: 300_000, stepsPerRender: 300_000, depth: 200, valueChars: 8_000_000, items: 100_000, ms: 1_000 };

/**
 * Resolving a model's wrapper at load: node-llama-cpp renders the template with short sample histories
 * several hundred times (about 1M steps in all for a template that matches none of its wrappers), each
 * render a few hundred steps. One render past 20,000 steps fails the whole load scope at once.
 */
export const loadLimits: TemplateLimits = { ...turnLimits, steps: 3_000_000, stepsPerRender: 20_000, ms: 10_000 };

/** A render that went past one of its limits. Not a HearthError: callers say what it means for them. */
export class TemplateLimitError extends Error {
  constructor(readonly limit: keyof TemplateLimits, detail: string) {
    super(`the chat template exceeded its rendering limit on ${limit} (${detail})`);
    this.name = 'TemplateLimitError';
  }
}

/** The Jinja runtime values a budget measures, by the `type` tag @huggingface/jinja gives each. @internal */
export interface JinjaValue {
  type: string;
  value: unknown;
}

/**
 * Counters for one scope of renders. Once a limit is passed the scope stays failed, so the retries
 * node-llama-cpp makes around a render (up to 48 option combinations a turn) each fail at once.
 */
export class TemplateBudget {
  steps = 0;
  depth = 0;
  /** The deepest nesting seen, to show how far real templates stay from the limit. */
  peakDepth = 0;
  failure: TemplateLimitError | undefined;
  private readonly deadline: number;
  /** JSON sizes of lists and mappings already measured; they are never changed after they are made. */
  private readonly sizes = new WeakMap<object, number>();

  private renderStart = 0;

  constructor(readonly limits: TemplateLimits = turnLimits) {
    this.deadline = performance.now() + limits.ms;
  }

  fail(limit: keyof TemplateLimits, detail: string): never {
    this.failure ??= new TemplateLimitError(limit, detail);
    throw this.failure;
  }

  /** Throws the scope's failure, if any: a render that starts after one failed never runs. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** Marks where a render starts, for `stepsPerRender`. */
  startRender(): void {
    this.throwIfFailed();
    this.renderStart = this.steps;
  }

  step(count = 1): void {
    this.steps += count;
    if (this.steps > this.limits.steps) this.fail('steps', `more than ${this.limits.steps}`);
    if (this.steps - this.renderStart > this.limits.stepsPerRender) this.fail('stepsPerRender', `more than ${this.limits.stepsPerRender}`);
    // A clock read every 256 steps keeps the check cheap; one step is microseconds unless it is a big built-in.
    if ((this.steps & 255) === 0 || count > 1) this.checkClock();
  }

  checkClock(): void {
    if (performance.now() > this.deadline) this.fail('ms', `more than ${this.limits.ms} ms`);
  }

  /** Throws when a value the template made is too large to keep. */
  checkValue(value: JinjaValue): void {
    this.checkChars(this.sizeOf(value));
  }

  checkChars(chars: number): void {
    if (chars > this.limits.valueChars) this.fail('valueChars', `a value of more than ${this.limits.valueChars} characters`);
  }

  checkItems(items: number, maker = 'a value'): void {
    if (items > this.limits.items) this.fail('items', `${maker} would hold ${items} elements`);
  }

  /**
   * About the length of the value as JSON text, which is what printing, `tojson` or `join` make of it.
   * A list that holds itself twice (`[a, a]`) counts twice: that is how its text grows.
   */
  sizeOf(value: JinjaValue): number {
    switch (value.type) {
      case 'StringValue':
        return (value.value as string).length + 2;
      case 'ArrayValue':
      case 'TupleValue':
        return this.measured(value, () => {
          const items = value.value as JinjaValue[];
          this.checkItems(items.length);
          let size = 2;
          for (const item of items) size += this.sizeOf(item) + 2;
          return size;
        });
      case 'ObjectValue':
      case 'KeywordArgumentsValue':
        return this.measured(value, () => this.mapSize(value.value as Map<string, JinjaValue>));
      case 'NamespaceValue':
        // A namespace changes with every `set ns.x`, so it is measured afresh.
        return this.mapSize(value.value as Map<string, JinjaValue>);
      default:
        return 24;
    }
  }

  private mapSize(map: Map<string, JinjaValue>): number {
    this.checkItems(map.size);
    let size = 2;
    for (const [key, item] of map) size += key.length + 4 + this.sizeOf(item);
    return size;
  }

  private measured(value: JinjaValue, measure: () => number): number {
    let size = this.sizes.get(value);
    if (size === undefined) {
      size = measure();
      this.sizes.set(value, size);
    }
    this.checkChars(size);
    return size;
  }
}

let active: TemplateBudget | undefined;

/** The budget renders draw on now, if a scope is open. @internal */
export function activeTemplateBudget(): TemplateBudget | undefined {
  return active;
}

/**
 * Runs `work` with every template render inside it drawing on one budget. Rendering is synchronous,
 * so a scope is simply the budget in force until `work` returns. A render outside any scope opens
 * its own with `turnLimits`.
 */
export function withTemplateBudget<T>(budget: TemplateBudget, work: () => T): T {
  const previous = active;
  active = budget;
  try {
    return work();
  } finally {
    active = previous;
  }
}
