import { z } from 'zod';
import {
  conversationExportFormat,
  conversationRecord,
  conversationSummary,
  createConversationInput,
  updateConversationInput,
} from '../../conversations.js';

const id = z.string().min(1).max(128);

export const conversationsCalls = {
  /** Newest first; `query` matches titles and message text, case-insensitively. */
  'conversations:list': { input: z.object({ query: z.string().max(500).optional() }).strict(), output: z.array(conversationSummary) },
  'conversations:get': { input: z.object({ id }).strict(), output: conversationRecord },
  'conversations:create': { input: createConversationInput, output: conversationRecord },
  'conversations:update': { input: updateConversationInput.extend({ id }).strict(), output: conversationRecord },
  /** Moves it to the trash, from which `conversations:restore` brings it back (the UI's undo). */
  'conversations:delete': { input: z.object({ id }).strict(), output: z.object({}) },
  'conversations:restore': { input: z.object({ id }).strict(), output: conversationRecord },
  /** The file a user saves: its suggested name, its type, and its text. */
  'conversations:export': {
    input: z.object({ id, format: conversationExportFormat }).strict(),
    output: z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  },
} as const;
