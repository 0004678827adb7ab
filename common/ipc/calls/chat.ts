import { z } from 'zod';
import { messageSource } from '../../conversations.js';

export const chatTurn = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatTurn = z.infer<typeof chatTurn>;

const requestId = z.string().min(1).max(128);

export const chatSendOutput = z.object({
  text: z.string(),
  /** `stop`, `length`, `tool_calls`, or `cancelled` when chat:cancel stopped it (the text is what streamed). */
  finishReason: z.string().nullable(),
  /** The last chunk's usage; absent when the reply was cancelled before it. */
  usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() }).optional(),
  /** Decode speed measured from the first to the last streamed piece. */
  tokensPerSecond: z.number().min(0).optional(),
  /** With datastores: the passages the answer was grounded in. */
  sources: z.array(messageSource).optional(),
  /** With truncation "auto": the oldest messages the server left out to fit the context. */
  omittedMessages: z.number().int().min(0).optional(),
});
export type ChatSendOutput = z.infer<typeof chatSendOutput>;

export const chatCalls = {
  /** Streams the reply as `chat:onDidStream` events tagged with requestId; resolves with the whole reply. */
  'chat:send': {
    input: z
      .object({
        requestId,
        model: z.string().min(1).max(512),
        messages: z.array(chatTurn).min(1).max(1000),
        temperature: z.number().min(0).max(2).optional(),
        topP: z.number().min(0).max(1).optional(),
        maxTokens: z.number().int().min(1).max(1_000_000).optional(),
        /** Datastores to ground the answer in (the request's `files`). */
        datastoreIds: z.array(z.string().min(1).max(128)).max(16).optional(),
        /** "auto": the server leaves out the oldest turns that do not fit the context, and says how many. */
        truncation: z.enum(['auto', 'disabled']).optional(),
      })
      .strict(),
    output: chatSendOutput,
  },
  /** Stops a `chat:send` in flight; its promise then resolves with the text so far. */
  'chat:cancel': { input: z.object({ requestId }).strict(), output: z.object({ cancelled: z.boolean() }) },
} as const;
