/**
 * Chat conversations as the UI keeps them: stored by the server in the data dir (one file each), reached by
 * both UIs over the IPC contract and by anyone with the key over Hearth's `/v1/hearth/conversations` routes.
 * Times are ms since the epoch, as in common/rag.ts.
 */
import { z } from 'zod';

const id = z.string().min(1).max(128);

/** What a conversation is sent with; anything left out takes the model's (or the server's) default. */
export const conversationSettings = z
  .object({
    /** A model id or alias, or an assistant's id or name. */
    model: z.string().min(1).max(512).optional(),
    systemPrompt: z.string().max(100_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    topP: z.number().min(0).max(1).optional(),
    /** Longest reply, in tokens. */
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
    /** Datastores whose passages ground each answer (the chat request's `files`). */
    datastoreIds: z.array(id).max(16).optional(),
    /** The voice its replies are read aloud in (GET /v1/audio/voices); the server's default when left out. */
    voice: z.string().min(1).max(128).optional(),
  })
  .strict();
export type ConversationSettings = z.infer<typeof conversationSettings>;

/** A passage an answer was grounded in, as the UI cites it (the chat response's `sources`, camel-cased). */
export const messageSource = z.object({
  citation: z.number().int(),
  datastoreId: z.string(),
  datastoreName: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  text: z.string(),
  score: z.number(),
  page: z.number().int().nullable(),
});
export type MessageSource = z.infer<typeof messageSource>;

/**
 * How an assistant reply ended: `complete` (the model stopped), `length` (cut at max tokens or the context),
 * `stopped` (the user stopped it), `error` (the request failed; `error` says why, `content` keeps what streamed).
 */
export const replyStatus = z.enum(['complete', 'length', 'stopped', 'error']);
export type ReplyStatus = z.infer<typeof replyStatus>;

export const conversationMessage = z
  .object({
    id,
    role: z.enum(['user', 'assistant']),
    content: z.string().max(4_000_000),
    createdAt: z.number(),
    /** Assistant replies: the model that wrote it, how it ended, its cost and speed, its sources. */
    model: z.string().max(512).optional(),
    status: replyStatus.optional(),
    error: z.string().max(10_000).optional(),
    usage: z
      .object({
        promptTokens: z.number().int().min(0),
        completionTokens: z.number().int().min(0),
        /** Decode speed the UI measured from the first to the last token. */
        tokensPerSecond: z.number().min(0).optional(),
      })
      .optional(),
    sources: z.array(messageSource).max(64).optional(),
    /** Turns left out of this reply's prompt because the conversation outgrew the context. */
    omittedTurns: z.number().int().min(0).optional(),
  })
  .strict();
export type ConversationMessage = z.infer<typeof conversationMessage>;

export const conversationRecord = z.object({
  id: z.string(),
  title: z.string(),
  settings: conversationSettings,
  messages: z.array(conversationMessage),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ConversationRecord = z.infer<typeof conversationRecord>;

/** A conversation in the list: no messages, a snippet of the last one (or of the match when searching). */
export const conversationSummary = z.object({
  id: z.string(),
  title: z.string(),
  model: z.string().nullable(),
  messageCount: z.number().int(),
  snippet: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ConversationSummary = z.infer<typeof conversationSummary>;

const title = z.string().trim().min(1).max(200);
/** 2,000 messages of up to 4 MB would be 8 GB: the request body limit caps a save long before. */
const messages = z.array(conversationMessage).max(2_000);

export const createConversationInput = z.object({ title: title.optional(), settings: conversationSettings.optional(), messages: messages.optional() }).strict();
/**
 * What a save replaces: a field left out stays as it is; `settings` and `messages` each replace the whole
 * object or list. Until a `title` is given, the title follows the first user message.
 */
export const updateConversationInput = z.object({ title: title.optional(), settings: conversationSettings.optional(), messages: messages.optional() }).strict();

export const conversationExportFormat = z.enum(['markdown', 'json']);
export type ConversationExportFormat = z.infer<typeof conversationExportFormat>;
