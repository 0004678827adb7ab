import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Agent, OpenAIProvider, Runner, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// The Agents SDK would send traces to OpenAI; nothing leaves this machine.
setTracingDisabled(true);

const model = testModels.chatml;
const models = [model];

describe('the OpenAI Agents SDK over /v1/responses', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ models, settings: { modelDefaults: { threads: 1 } } });
  });
  after(() => server?.close());

  test('an agent run calls its tool and ends with the tool’s output', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const runner = new Runner({ modelProvider: new OpenAIProvider({ openAIClient: client, useResponses: true }), tracingDisabled: true });
    const calls: string[] = [];
    const getWeather = tool({
      name: 'get_weather',
      description: 'The weather in a city',
      parameters: z.object({ city: z.string().max(16) }),
      execute: async ({ city }) => {
        calls.push(city);
        return `Sunny in ${city}`;
      },
    });
    // A tiny untrained model never calls a tool by itself: the run forces the call, and stops on its result.
    const agent = new Agent({
      name: 'Weather',
      instructions: 'Answer with the weather tool.',
      model,
      tools: [getWeather],
      modelSettings: { toolChoice: 'required', maxTokens: 200 },
      toolUseBehavior: 'stop_on_first_tool',
    });
    const result = await runner.run(agent, 'What is the weather in Paris?', { maxTurns: 3 });
    assert.equal(calls.length, 1);
    assert.equal(result.finalOutput, `Sunny in ${calls[0]}`);
    const kinds = result.newItems.map((item) => item.type);
    assert.deepEqual(kinds, ['tool_call_item', 'tool_call_output_item']);
  });
});
