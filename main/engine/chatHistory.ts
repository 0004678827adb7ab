import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelResponse } from 'node-llama-cpp';
import { InvalidRequestError } from '../../common/errors.js';
import type { ChatMessage } from './types.js';

function parseJsonOr<T>(text: string, fallback: T): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/**
 * Turns wire messages into node-llama-cpp's chat history, which the model's own
 * chat template renders. Tool results are attached to the call they answer
 * (matched by id), because node-llama-cpp keeps a call and its result together.
 */
export function toChatHistory(messages: ChatMessage[], defaultSystemPrompt?: string): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  const callsById = new Map<string, ChatModelFunctionCall>();
  if (defaultSystemPrompt && !messages.some((m) => m.role === 'system')) history.push({ type: 'system', text: defaultSystemPrompt });

  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
        history.push({ type: 'system', text: message.content });
        break;
      case 'user':
        history.push({ type: 'user', text: message.content });
        break;
      case 'assistant': {
        const response: ChatModelResponse['response'] = [];
        if (message.content) response.push(message.content);
        for (const call of message.toolCalls ?? []) {
          const item: ChatModelFunctionCall = { type: 'functionCall', name: call.name, params: parseJsonOr(call.arguments, call.arguments), result: undefined };
          callsById.set(call.id, item);
          response.push(item);
        }
        history.push({ type: 'model', response });
        break;
      }
      case 'tool': {
        const call = message.toolCallId ? callsById.get(message.toolCallId) : undefined;
        if (!call) {
          throw new InvalidRequestError(`messages[${index}] answers tool call '${message.toolCallId ?? ''}', which no earlier assistant message made.`, {
            param: `messages.${index}.tool_call_id`,
          });
        }
        call.result = parseJsonOr(message.content, message.content);
        break;
      }
    }
  });
  return history;
}
