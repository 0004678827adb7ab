/**
 * Puts every Jinja render in this process under a TemplateBudget.
 *
 * Why a runtime wrap: node-llama-cpp renders a GGUF's chat template with @huggingface/jinja on the event
 * loop, synchronously, in objects it creates itself (every JinjaTemplateChatWrapper, and dozens of them
 * while resolveChatWrapper probes for an equivalent built-in wrapper). The interpreter has no limits, so a
 * template with `range(20000000)` held the server for 35 s and took 3.3 GB. Nothing in either library's
 * options reaches the interpreter, so the interpreter's own methods are wrapped here.
 *
 * Written against @huggingface/jinja 0.5.11 (as node-llama-cpp 3.22.1 installs it). It relies on the
 * Interpreter methods named in `wrapped` and on Environment.variables; `installBoundedJinja()` checks
 * them and proves the wrap works through node-llama-cpp's own JinjaTemplateChatWrapper before keeping
 * it. When it can't, it restores the stock methods and returns false; the caller then uses a built-in
 * chat wrapper instead of the template (chatTemplate.ts).
 */
import { Interpreter } from '@huggingface/jinja';
import { JinjaTemplateChatWrapper } from 'node-llama-cpp';
import { activeTemplateBudget, loadLimits, TemplateBudget, TemplateLimitError, withTemplateBudget, type JinjaValue, type TemplateLimits } from './templateBudget.js';
import { guardFilterCall, guardMethodCall, guardedFilters, guardedMethods, rangeLength, splitArguments } from './jinjaGuards.js';

interface Node {
  type: string;
  [key: string]: any;
}
type Method = (this: InterpreterInternals, ...args: any[]) => any;
interface InterpreterInternals {
  global: { variables: Map<string, JinjaValue> };
  [pendingFilter]?: { name: string; operand: JinjaValue } | undefined;
}

const wrapped = ['run', 'evaluate', 'evaluateBlock', 'applyFilter', 'evaluateArguments', 'evaluateMemberExpression'] as const;
const pendingFilter = Symbol('pendingFilter');
const prototype = Interpreter.prototype as unknown as Record<(typeof wrapped)[number], Method>;
const stock = Object.fromEntries(wrapped.map((name) => [name, prototype[name]])) as Record<(typeof wrapped)[number], Method>;

/**
 * Nodes whose value a parent node needs to see: the list a loop walks (its length is charged before
 * the loop builds its items), the string a `.replace()`/`.split()` is called on, the namespace a
 * `set ns.x` changes. Marks are facts about a template's syntax tree, so they stay with it; a value
 * is kept only until its parent has read it.
 */
const roles = new WeakMap<object, 'loop' | 'owner'>();
const lastValues = new WeakMap<object, JinjaValue>();
/** Node types that return a value that already exists (a variable, a member) or one bounded by the template text. */
const passThrough = new Set(['Identifier', 'MemberExpression', 'IntegerLiteral', 'FloatLiteral', 'StringLiteral', 'Comment', 'Macro', 'Set']);

const bounded: Record<(typeof wrapped)[number], Method> = {
  run(program: Node) {
    const budget = activeTemplateBudget() ?? new TemplateBudget();
    budget.startRender();
    const range = this.global.variables.get('range') as { value: (args: JinjaValue[], scope: unknown) => JinjaValue } | undefined;
    if (range && typeof range.value === 'function') {
      const make = range.value;
      // The stock range() fills an array before anyone can look at it: count first.
      range.value = (args, scope) => {
        activeTemplateBudget()?.checkItems(rangeLength(args), 'range()');
        return make(args, scope);
      };
    }
    return withTemplateBudget(budget, () => stock.run.call(this, program));
  },

  evaluate(node: Node | undefined, environment: unknown) {
    const budget = activeTemplateBudget();
    if (!budget || !node) return stock.evaluate.call(this, node, environment);
    budget.step();
    budget.depth += 1;
    if (budget.depth > budget.peakDepth) budget.peakDepth = budget.depth;
    try {
      if (budget.depth > budget.limits.depth) budget.fail('depth', `nesting deeper than ${budget.limits.depth}`);
      markChildren(node);
      const result = stock.evaluate.call(this, node, environment) as JinjaValue;
      afterEvaluate(budget, node, result);
      return result;
    } finally {
      budget.depth -= 1;
    }
  },

  evaluateBlock(statements: Node[], environment: unknown) {
    const budget = activeTemplateBudget();
    // One step per block run: a loop with an empty body still costs one step an iteration.
    budget?.step();
    const result = stock.evaluateBlock.call(this, statements, environment) as JinjaValue;
    budget?.checkValue(result);
    return result;
  },

  applyFilter(operand: JinjaValue, filter: Node, environment: unknown) {
    const name = filter.type === 'CallExpression' && filter.callee?.type === 'Identifier' ? (filter.callee.value as string) : undefined;
    const previous = this[pendingFilter];
    // The stock filter evaluates its arguments first; evaluateArguments checks them against the operand.
    this[pendingFilter] = name && guardedFilters.has(name) ? { name, operand } : undefined;
    try {
      return stock.applyFilter.call(this, operand, filter, environment);
    } finally {
      this[pendingFilter] = previous;
    }
  },

  evaluateArguments(args: Node[], environment: unknown) {
    const pending = this[pendingFilter];
    this[pendingFilter] = undefined;
    const evaluated = stock.evaluateArguments.call(this, args, environment) as [JinjaValue[], Map<string, JinjaValue>];
    const budget = activeTemplateBudget();
    if (pending && budget) guardFilterCall(budget, pending.name, pending.operand, evaluated[0], evaluated[1]);
    return evaluated;
  },

  evaluateMemberExpression(expression: Node, environment: unknown) {
    const result = stock.evaluateMemberExpression.call(this, expression, environment) as JinjaValue;
    const name = methodName(expression);
    if (!name) return result;
    const owner = lastValues.get(expression.object);
    lastValues.delete(expression.object);
    if (result.type !== 'FunctionValue' || owner?.type !== 'StringValue') return result;
    const call = result.value as (args: JinjaValue[], scope: unknown) => JinjaValue;
    // A new FunctionValue of the same class, which checks the call before the stock builtin runs.
    const FunctionValue = result.constructor as new (value: unknown) => JinjaValue;
    return new FunctionValue((args: JinjaValue[], scope: unknown) => {
      const budget = activeTemplateBudget();
      if (budget) guardMethodCall(budget, name, owner.value as string, ...splitArguments(args));
      return call(args, scope);
    });
  },
};

function methodName(expression: Node): string | undefined {
  const property = expression.property as Node | undefined;
  return !expression.computed && property?.type === 'Identifier' && guardedMethods.has(property.value) ? property.value : undefined;
}

function markChildren(node: Node): void {
  if (node.type === 'For') roles.set(node.iterable.type === 'SelectExpression' ? node.iterable.lhs : node.iterable, 'loop');
  else if (node.type === 'MemberExpression' && methodName(node)) roles.set(node.object, 'owner');
  else if (node.type === 'Set' && node.assignee?.type === 'MemberExpression') roles.set(node.assignee.object, 'owner');
}

function afterEvaluate(budget: TemplateBudget, node: Node, result: JinjaValue): void {
  const role = roles.get(node);
  if (role === 'owner') lastValues.set(node, result);
  else if (role === 'loop') {
    const items = result.value instanceof Map ? result.value.size : Array.isArray(result.value) ? result.value.length : 0;
    budget.checkItems(items, 'a loop');
    budget.step(items);
  }
  if (node.type === 'Set' && node.assignee?.type === 'MemberExpression') {
    // `set ns.x = …` is the one way a value changes after it is made: measure the namespace again.
    const namespace = lastValues.get(node.assignee.object);
    lastValues.delete(node.assignee.object);
    if (namespace) budget.checkValue(namespace);
  } else if (!passThrough.has(node.type)) budget.checkValue(result);
}

let installed: boolean | undefined;

/**
 * Wraps the interpreter once per process; true when every render is now bounded, false when this
 * version of @huggingface/jinja lacks what the wrap needs (the stock methods are then left in place).
 */
export function installBoundedJinja(): boolean {
  if (installed !== undefined) return installed;
  if (!wrapped.every((name) => typeof stock[name] === 'function')) return (installed = false);
  Object.assign(prototype, bounded);
  installed = selfTest();
  if (!installed) Object.assign(prototype, stock);
  return installed;
}

/** Checks, through node-llama-cpp's own wrapper, that renders are counted and that the guards fire. */
function selfTest(): boolean {
  const fails = (template: string, limits: Partial<TemplateLimits>, guard = ''): boolean => {
    const budget = new TemplateBudget({ ...loadLimits, valueChars: 10_000, items: 1_000, ...limits });
    try {
      withTemplateBudget(budget, () => new JinjaTemplateChatWrapper({ template }));
    } catch {
      // node-llama-cpp wraps the error in its own; the budget keeps the real one.
    }
    return budget.failure instanceof TemplateLimitError && budget.failure.message.includes(guard);
  };
  const chatml = "{% for m in messages %}{{ '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}{% endfor %}";
  try {
    return (
      !fails(chatml, {}) &&
      fails(`{% for i in range(900) %}{% endfor %}${chatml}`, { stepsPerRender: 500 }) &&
      fails(`{{ range(2000)|length }}${chatml}`, {}, 'range') &&
      fails(`{{ 'ab'|replace('', '${'x'.repeat(5_000)}') }}${chatml}`, {}, 'replace') &&
      fails(`{{ 'ab'.replace('', '${'x'.repeat(5_000)}') }}${chatml}`, {}, 'replace')
    );
  } catch {
    return false;
  }
}
