import type { Context } from 'koa';
import { openAiCompletionRequest, type OpenAiCompletionChunk } from '../../../common/api/openai.js';
import type { GenerationResult } from '../../engine/types.js';
import type { Services } from '../../services.js';
import { clientGoneSignal } from '../stream.js';
import { toOpenAiUsage } from '../openAiShapes.js';
import { streamEvents } from '../streamEvents.js';
import {
  fromOpenAiCompletionRequest,
  newResponseIdentity,
  toOpenAiCompletion,
  toOpenAiCompletionFinish,
  type ResponseIdentity,
} from './translate.js';

function sumUsage(results: GenerationResult[], model: string) {
  return {
    model,
    promptTokens: results.reduce((sum, result) => sum + result.usage.promptTokens, 0),
    completionTokens: results.reduce((sum, result) => sum + result.usage.completionTokens, 0),
  };
}

function completionChunk(identity: ResponseIdentity, index: number, text: string, finishReason: 'stop' | 'length' | null, includeUsage: boolean): OpenAiCompletionChunk {
  return {
    ...identity,
    object: 'text_completion',
    choices: [{ index, text, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  };
}

/**
 * POST /completions: raw prompts without a chat template. Several prompts run one after
 * another, each its own choice, since a client batching prompts expects one choice per prompt.
 */
export function completions(services: Services) {
  return async function completion(ctx: Context): Promise<void> {
    const body = openAiCompletionRequest.parse(ctx.request.body);
    const requests = fromOpenAiCompletionRequest(body);
    const signal = clientGoneSignal(ctx);
    const { id: model } = await services.engine.getModel(body.model);
    const identity = newResponseIdentity('cmpl', model);
    // echo returns the prompt in front of the completion, as OpenAI's legacy endpoint does.
    const echo = body.echo === true;

    if (!body.stream) {
      const outputs: Array<{ result: GenerationResult; text: string }> = [];
      for (const request of requests) {
        const result = await services.engine.complete({ ...request, signal });
        outputs.push({ result, text: echo ? request.prompt + result.text : result.text });
      }
      ctx.state.usage = sumUsage(outputs.map((output) => output.result), model);
      ctx.body = toOpenAiCompletion(outputs, identity);
      return;
    }

    const includeUsage = body.stream_options?.include_usage === true;
    await streamEvents(ctx, async (events) => {
      const results: GenerationResult[] = [];
      for (const [index, request] of requests.entries()) {
        let echoed = !echo;
        const sendEcho = () => {
          if (!echoed) events.send(completionChunk(identity, index, request.prompt, null, includeUsage));
          echoed = true;
        };
        const result = await services.engine.complete({
          ...request,
          signal,
          onTextChunk(text: string) {
            sendEcho();
            if (text !== '') events.send(completionChunk(identity, index, text, null, includeUsage));
          },
        });
        sendEcho();
        results.push(result);
        events.send(completionChunk(identity, index, '', toOpenAiCompletionFinish(result.finishReason), includeUsage));
      }
      const usage = sumUsage(results, model);
      ctx.state.usage = usage;
      if (includeUsage) {
        const cachedPromptTokens = results.reduce((sum, result) => sum + result.usage.cachedPromptTokens, 0);
        events.send({ ...identity, object: 'text_completion', choices: [], usage: toOpenAiUsage({ ...usage, cachedPromptTokens }) });
      }
    });
  };
}
