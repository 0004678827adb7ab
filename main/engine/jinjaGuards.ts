import type { JinjaValue, TemplateBudget } from './templateBudget.js';

/**
 * Checks for the @huggingface/jinja built-ins whose result can be far larger than their inputs
 * (`'ab'.replace('', s)` is quadratic, `indent(10**8)` one huge string), made before they run:
 * a check of the result would come after the memory was taken. Sizes are upper bounds, in characters.
 */
export const guardedFilters = new Set(['replace', 'join', 'indent', 'tojson']);
export const guardedMethods = new Set(['replace', 'split']);

const numberOf = (value: JinjaValue | undefined): number | undefined => (typeof value?.value === 'number' ? value.value : undefined);
const stringOf = (value: JinjaValue | undefined): string | undefined => (typeof value?.value === 'string' ? value.value : undefined);

/** A method call's arguments as the stock builtins receive them: positional, then keyword arguments last. */
export function splitArguments(args: JinjaValue[]): [JinjaValue[], Map<string, JinjaValue>] {
  const last = args.at(-1);
  return last?.type === 'KeywordArgumentsValue' ? [args.slice(0, -1), last.value as Map<string, JinjaValue>] : [args, new Map()];
}

/** How many numbers range() will make, as Python counts them; the stock range() fills them in a loop. */
export function rangeLength(args: JinjaValue[]): number {
  let [start, stop, step = 1] = args.map((arg) => Number(arg.value));
  if (stop === undefined || args.length === 1) [start, stop] = [0, start];
  const length = Math.ceil((stop! - start!) / step);
  return Number.isNaN(length) || length < 0 ? 0 : length;
}

/** Occurrences of `part` in `text`, counting no further than `limit`. */
function occurrences(text: string, part: string, limit: number): number {
  if (part === '') return text.length + 1;
  let count = 0;
  for (let at = text.indexOf(part); at >= 0 && count <= limit; at = text.indexOf(part, at + part.length)) count += 1;
  return count;
}

function guardReplace(budget: TemplateBudget, text: string, positional: JinjaValue[], keywords: Map<string, JinjaValue>): void {
  const from = stringOf(positional[0]);
  const to = stringOf(positional[1]);
  if (from === undefined || to === undefined || to.length <= from.length) return;
  const count = numberOf(positional[2] ?? keywords.get('count'));
  const limit = budget.limits.valueChars;
  let times = occurrences(text, from, limit);
  if (count !== undefined && count >= 0) times = Math.min(times, count);
  const size = text.length + times * (to.length - from.length);
  if (size > limit) budget.fail('valueChars', `replace() would make ${size} characters`);
}

export function guardMethodCall(budget: TemplateBudget, name: string, text: string, positional: JinjaValue[], keywords: Map<string, JinjaValue>): void {
  if (name === 'replace') return guardReplace(budget, text, positional, keywords);
  // split(): each part becomes a value of its own; count them first.
  const separator = stringOf(positional[0]);
  const parts = separator === undefined ? (text.match(/\S+/g)?.length ?? 0) : occurrences(text, separator, budget.limits.items) + 1;
  if (parts > budget.limits.items) budget.fail('items', `split() would make ${parts} parts`);
}

export function guardFilterCall(budget: TemplateBudget, name: string, operand: JinjaValue, positional: JinjaValue[], keywords: Map<string, JinjaValue>): void {
  const limit = budget.limits.valueChars;
  const text = stringOf(operand);
  if (name === 'replace' && text !== undefined) return guardReplace(budget, text, positional, keywords);
  if (name === 'join') {
    const separator = stringOf(positional[0] ?? keywords.get('separator')) ?? '';
    const items = text !== undefined ? text.length : Array.isArray(operand.value) ? operand.value.length : 0;
    budget.checkItems(items, 'join()');
    const size = budget.sizeOf(operand) + items * separator.length;
    if (size > limit) budget.fail('valueChars', `join() would make ${size} characters`);
  } else if (name === 'indent' && text !== undefined) {
    const width = numberOf(positional[0] ?? keywords.get('width')) ?? 4;
    const size = text.length + (occurrences(text, '\n', limit) + 1) * Math.max(0, width);
    if (size > limit) budget.fail('valueChars', `indent() would make ${size} characters`);
  } else if (name === 'tojson') {
    const indent = numberOf(keywords.get('indent')) ?? 0;
    if (indent > 0) indentedJsonSize(budget, operand, indent, 1, { size: 0, nodes: 0 });
  }
}

/** Adds up the text `tojson(indent=n)` makes (every line indented by its depth), failing once it is too long. */
function indentedJsonSize(budget: TemplateBudget, value: JinjaValue, indent: number, depth: number, total: { size: number; nodes: number }): void {
  const children = Array.isArray(value.value) ? (value.value as JinjaValue[]) : value.value instanceof Map ? [...(value.value as Map<string, JinjaValue>).values()] : undefined;
  total.nodes += 1;
  // The walk sees each shared list again (that is how the text grows), so it watches the clock too.
  if ((total.nodes & 4095) === 0) budget.checkClock();
  if (!children || value.type === 'FunctionValue') {
    total.size += budget.sizeOf(value);
  } else {
    total.size += 2 + children.length * (2 + indent * depth) + indent * (depth - 1);
    if (value.value instanceof Map) for (const key of (value.value as Map<string, JinjaValue>).keys()) total.size += key.length + 4;
  }
  if (total.size > budget.limits.valueChars) budget.fail('valueChars', `tojson() would make more than ${budget.limits.valueChars} characters`);
  for (const child of children ?? []) indentedJsonSize(budget, child, indent, depth + 1, total);
}
