import { z } from 'zod';
import { assistant, createAssistantRequest, updateAssistantRequest } from '../../assistants.js';

const id = z.string().min(1).max(128);

/** The Assistants screen: the same assistants /v1/assistants serves (changes need an admin, as there). */
export const assistantsCalls = {
  /** Oldest first, every one. */
  'assistants:list': { input: z.object({}).strict(), output: z.array(assistant) },
  'assistants:create': { input: createAssistantRequest, output: assistant },
  'assistants:update': { input: updateAssistantRequest.extend({ id }).strict(), output: assistant },
  'assistants:delete': { input: z.object({ id }).strict(), output: z.object({}) },
} as const;
