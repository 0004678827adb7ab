import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Template } from '@huggingface/jinja';
import { JinjaTemplateChatWrapper, type ChatHistoryItem, type ChatModelFunctions } from 'node-llama-cpp';
import { hostileTemplates, injectionCalls, injectionProbes, realWorldTemplates } from '../../test/fixtures/chatTemplates.js';
import { installBoundedJinja } from './boundedJinja.js';
import { TemplateBudget, TemplateLimitError, turnLimits, withTemplateBudget, type TemplateLimits } from './templateBudget.js';

const longChat = [{ role: 'system', content: 'You are a helpful assistant.' }];
for (let i = 0; i < 100; i++) {
  longChat.push({ role: 'user', content: `Question ${i}: ${'lorem ipsum '.repeat(20)}` }, { role: 'assistant', content: `<think>hmm</think>Answer ${i}: ${'dolor sit '.repeat(20)}` });
}
longChat.push({ role: 'user', content: 'And the last one?' });
const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
const toolChat = [
  { role: 'user', content: 'Weather in Paris?' },
  { role: 'assistant', content: '', tool_calls: [{ type: 'function', function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
  { role: 'tool', content: '{"celsius": 21}' },
  { role: 'assistant', content: 'It is 21 °C.' },
  { role: 'user', content: 'Thanks' },
];
const items = (messages: object[], withTools: boolean) => ({ messages, ...(withTools ? { tools } : {}), add_generation_prompt: true, bos_token: '<s>', eos_token: '</s>' });
const toolTemplates = new Set(['llama3_1', 'qwen2_5', 'deepseekR1']);

// The stock interpreter's output, taken before the wrap is installed (each test file runs in its own process).
const stock = new Map<string, string>();
for (const [name, template] of Object.entries(realWorldTemplates)) {
  stock.set(name, new Template(template).render(items(longChat, false)));
  if (toolTemplates.has(name)) stock.set(`${name}+tools`, new Template(template).render(items(toolChat, true)));
}
const installed = installBoundedJinja();

/** Renders with a fresh budget; returns the output or the limit error, and the budget. */
function render(template: string, limits: TemplateLimits = turnLimits, input: object = items(longChat, false)) {
  const budget = new TemplateBudget(limits);
  try {
    return { output: withTemplateBudget(budget, () => new Template(template).render(input as Record<string, unknown>)), budget };
  } catch (error) {
    return { error, budget };
  }
}

describe('bounded Jinja rendering', () => {
  test('installs on this @huggingface/jinja and proves itself through node-llama-cpp', () => {
    assert.equal(installed, true);
  });

  test('real-world templates render exactly what the stock interpreter renders, far inside the limits', () => {
    for (const name of stock.keys()) {
      const [templateName, withTools] = name.split('+') as [keyof typeof realWorldTemplates, string | undefined];
      const { output, error, budget } = render(realWorldTemplates[templateName], turnLimits, items(withTools ? toolChat : longChat, Boolean(withTools)));
      assert.equal(error, undefined, `${name}: ${String(error)}`);
      assert.equal(output, stock.get(name), name);
      assert.ok(budget.steps < turnLimits.steps / 20, `${name} took ${budget.steps} steps`);
      assert.ok(budget.peakDepth < turnLimits.depth / 4, `${name} nested ${budget.peakDepth} deep`);
    }
  });

  test('through JinjaTemplateChatWrapper, a 200-message turn with functions stays inside one turn budget', () => {
    const history: ChatHistoryItem[] = longChat.map((message) =>
      message.role === 'assistant' ? { type: 'model', response: [message.content] } : { type: message.role === 'system' ? 'system' : 'user', text: message.content },
    );
    history.push({ type: 'model', response: [] });
    const functions: ChatModelFunctions = { getWeather: { description: 'Weather now', params: { type: 'object', properties: { city: { type: 'string' } } } } };
    for (const [name, template] of Object.entries(realWorldTemplates)) {
      const wrapper = new JinjaTemplateChatWrapper({ template });
      const budget = new TemplateBudget(turnLimits);
      const { contextText } = withTemplateBudget(budget, () => wrapper.generateContextState({ chatHistory: history, availableFunctions: functions }));
      assert.match(contextText.toString(), /Answer 99/, name);
      assert.equal(budget.failure, undefined, name);
      assert.ok(budget.steps < turnLimits.steps / 20, `${name} took ${budget.steps} steps`);
    }
  });

  test('hostile templates stop at a limit, not at the end of their work', () => {
    const expected: Record<keyof typeof hostileTemplates, TemplateLimitError['limit'][]> = {
      range: ['items'],
      nestedLoops: ['steps', 'stepsPerRender'],
      stringDoubling: ['valueChars'],
      recursiveMacro: ['depth'],
      inputDependent: ['steps', 'stepsPerRender'],
      triggeredByInput: [],
    };
    // The clock is left out here (a minute), so that each template has to stop on what it counts.
    const limits = { ...turnLimits, ms: 60_000 };
    for (const [name, template] of Object.entries(hostileTemplates) as [keyof typeof hostileTemplates, string][]) {
      const { error, budget } = render(template, limits, items(longChat.slice(0, 4), false));
      if (expected[name].length === 0) {
        assert.equal(error, undefined, `${name} renders a short conversation`);
        continue;
      }
      assert.ok(error instanceof TemplateLimitError, `${name}: ${String(error)}`);
      assert.ok(expected[name].includes(error.limit), `${name} stopped on ${error.limit}`);
      assert.ok(budget.steps <= turnLimits.steps + 100_000, `${name} ran ${budget.steps} steps`);
    }
    const boom = render(hostileTemplates.triggeredByInput, turnLimits, items(longChat, false));
    assert.ok(boom.error instanceof TemplateLimitError);
  });

  test('built-ins whose result outgrows their input are refused before they run', () => {
    const rssBefore = process.memoryUsage().rss;
    const big = `{% set s = '${'y'.repeat(20_000)}' %}`;
    const twoMillion = `{% set ns = namespace(s='y') %}{% for i in range(21) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}`;
    // Each with what stops it: the check made before the built-in runs, or the size of the value it made.
    const bombs: [string, string, RegExp][] = [
      // 400M characters: V8 would build most of it before giving up.
      ['replace filter', `${big}{{ s|replace('', s) }}`, /replace\(\) would make/],
      ['replace method', `${big}{{ s.replace('y', s) }}`, /replace\(\) would make/],
      ['indent', `{{ 'a\\nb'|indent(300000000) }}`, /indent\(\) would make/],
      ['tojson', `{{ messages|tojson(indent=300000000) }}`, /tojson\(\) would make/],
      ['join', `${twoMillion}{{ range(10)|join(ns.s) }}`, /join\(\) would make/],
      ['split', `{% set many = '${','.repeat(150_000)}' %}{{ many.split(',')|length }}`, /split\(\) would make/],
      ['nested lists', `{% set ns = namespace(a=[1]) %}{% for i in range(60) %}{% set ns.a = [ns.a, ns.a] %}{% endfor %}{{ ns.a|length }}`, /a value of more than/],
      // Each attribute is within the limit; together they are not, and `{{ ns }}` would print them all.
      ['namespace growth', `${twoMillion}{% set ns.a = ns.s %}{% set ns.b = ns.s %}{% set ns.c = ns.s %}{% set ns.d = ns.s %}{{ ns }}`, /a value of more than/],
    ];
    for (const [name, template, reason] of bombs) {
      const { error } = render(template);
      assert.ok(error instanceof TemplateLimitError, `${name}: ${String(error)}`);
      assert.match(error.message, reason, name);
    }
    // Nothing above kept or briefly took hundreds of megabytes (V8 frees big strings late, so this is loose).
    assert.ok(process.memoryUsage().rss - rssBefore < 400e6, `RSS grew by ${Math.round((process.memoryUsage().rss - rssBefore) / 1e6)} MB`);
  });

  test('once a scope has failed, later renders in it fail at once (node-llama-cpp retries a failed turn up to 48 times)', () => {
    const budget = new TemplateBudget(turnLimits);
    assert.throws(() => withTemplateBudget(budget, () => new Template(hostileTemplates.nestedLoops).render({ messages: [] })), TemplateLimitError);
    const spent = budget.steps;
    assert.throws(() => withTemplateBudget(budget, () => new Template('{{ 1 }}').render({})), TemplateLimitError);
    assert.equal(budget.steps, spent);
  });

  test('a render outside any scope gets a turn budget of its own', () => {
    assert.throws(() => new Template(hostileTemplates.range).render({ messages: [] }), TemplateLimitError);
    assert.equal(new Template("{{ 'still ' ~ 'fine' }}").render({}), 'still fine');
  });

  test('templates reach no JavaScript or Python internals', () => {
    for (const probe of injectionProbes) {
      const { output, error } = render(probe);
      // Either nothing at all, or an ordinary error (calling something that is not a function).
      if (error === undefined) assert.equal(output, '', probe);
      else assert.ok(!(error instanceof TemplateLimitError), `${probe}: ${String(error)}`);
    }
    for (const call of injectionCalls) {
      const { error } = render(call);
      assert.ok(error instanceof Error, call);
      assert.equal((globalThis as { hearthInjected?: boolean }).hearthInjected, undefined, call);
    }
  });
});
