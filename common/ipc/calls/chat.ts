import { z } from 'zod';

export const chatTurn = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatTurn = z.infer<typeof chatTurn>;

const requestId = z.string().min(1).max(128);

export const chatCalls = {
  /** Streams the reply as `chat:onDidStream` events tagged with requestId; resolves with the whole reply. */
  'chat:send': {
    input: z
      .object({
        requestId,
        model: z.string().min(1).max(512),
        messages: z.array(chatTurn).min(1).max(1000),
        temperature: z.number().min(0).max(2).optional(),
        maxTokens: z.number().int().min(1).max(1_000_000).optional(),
      })
      .strict(),
    output: z.object({ text: z.string(), finishReason: z.string().nullable() }),
  },
  /** Stops a `chat:send` in flight; its promise then resolves with the text so far. */
  'chat:cancel': { input: z.object({ requestId }).strict(), output: z.object({ cancelled: z.boolean() }) },
} as const;
