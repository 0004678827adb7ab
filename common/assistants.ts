import { z } from 'zod';
import { jsonSchemaObject } from './api/jsonSchema.js';

/**
 * OpenAI's `assistant` object and its create/modify bodies (the Assistants API; LocalAI serves the same
 * shape at POST /v1/assistants). In Hearth an assistant is a shared preset of this server: a model with
 * instructions, sampling, a response format, function tools and datastores, used by naming its id or
 * name as the `model` of any chat request.
 */

const jsonObject = z.record(z.string(), z.unknown());

/** OpenAI's limits: 16 pairs, keys up to 64 characters, values up to 512. */
export const assistantMetadata = z
  .record(z.string().max(64), z.string().max(512))
  .refine((value) => Object.keys(value).length <= 16, { message: 'metadata holds at most 16 keys' });

const functionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a function name is 1 to 64 letters, digits, _ or -');

/** A tool as a create or modify body sends it (nulls allowed, as OpenAI's clients send them). */
export const assistantToolInput = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('function'),
    // The depth rule every family's schemas pass: the assistant's tools reach the grammar code on every chat request that names it.
    function: z.object({ name: functionName, description: z.string().max(4096).nullish(), parameters: jsonSchemaObject.nullish(), strict: z.boolean().nullish() }),
  }),
  // Searches the datastores in tool_resources.file_search, as chat with `files` does.
  // Its settings (max_num_results, ranking_options) are accepted and not used: grounding fits passages to the context itself.
  z.object({ type: z.literal('file_search'), file_search: z.unknown().optional() }),
  z.object({ type: z.literal('code_interpreter') }),
]);
export type AssistantToolInput = z.infer<typeof assistantToolInput>;

/** A tool as an assistant holds it: what was sent, nulls left out. */
export const assistantTool = z.discriminatedUnion('type', [
  z.object({ type: z.literal('function'), function: z.object({ name: z.string(), description: z.string().optional(), parameters: jsonObject.optional(), strict: z.boolean().optional() }) }),
  z.object({ type: z.literal('file_search') }),
  z.object({ type: z.literal('code_interpreter') }),
]);
export type AssistantTool = z.infer<typeof assistantTool>;

/** "auto" (the model's own output), or what chat completions' response_format takes; a json_schema without a schema is any JSON object. */
export const assistantResponseFormatInput = z.union([
  z.literal('auto'),
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({ name: z.string().min(1).max(64), description: z.string().nullish(), schema: jsonSchemaObject.nullish(), strict: z.boolean().nullish() }),
  }),
]);
export type AssistantResponseFormatInput = z.infer<typeof assistantResponseFormatInput>;

export const assistantResponseFormat = z.union([
  z.literal('auto'),
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({ name: z.string(), description: z.string().optional(), schema: jsonObject.optional(), strict: z.boolean().optional() }),
  }),
]);
export type AssistantResponseFormat = z.infer<typeof assistantResponseFormat>;

/** Up to 16 datastores, as chat's `files` takes. */
export const maxAssistantDatastores = 16;

export const assistantToolResources = z.object({
  /** Hearth datastore ids (GET /v1/datastores) where OpenAI names vector stores. */
  file_search: z.object({ vector_store_ids: z.array(z.string().min(1).max(128)).max(maxAssistantDatastores).optional() }).nullish(),
  code_interpreter: z.object({ file_ids: z.array(z.string()).max(0, 'code_interpreter files are not supported') }).nullish(),
});

export const assistant = z.object({
  /** `asst_` and 24 letters or digits. */
  id: z.string(),
  object: z.literal('assistant'),
  /** Seconds since the epoch. */
  created_at: z.number().int(),
  name: z.string().nullable(),
  description: z.string().nullable(),
  model: z.string(),
  instructions: z.string().nullable(),
  tools: z.array(assistantTool),
  tool_resources: z.object({ file_search: z.object({ vector_store_ids: z.array(z.string()) }).optional() }),
  metadata: z.record(z.string(), z.string()),
  temperature: z.number().nullable(),
  top_p: z.number().nullable(),
  response_format: assistantResponseFormat,
});
export type Assistant = z.infer<typeof assistant>;

const editable = {
  model: z.string().min(1).max(256),
  name: z.string().trim().min(1).max(256).nullish(),
  description: z.string().max(512).nullish(),
  instructions: z.string().max(256_000).nullish(),
  tools: z.array(assistantToolInput).max(128).nullish(),
  tool_resources: assistantToolResources.nullish(),
  metadata: assistantMetadata.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  response_format: assistantResponseFormatInput.nullish(),
  /** Accepted as OpenAI's clients send it; the local model's reasoning isn't adjustable. */
  reasoning_effort: z.string().nullish(),
};

/** POST /v1/assistants. */
export const createAssistantRequest = z.object(editable).strict();
export type CreateAssistantRequest = z.input<typeof createAssistantRequest>;

/** POST /v1/assistants/{id}: every field optional; null clears one. */
export const updateAssistantRequest = z.object({ ...editable, model: editable.model.optional() }).strict();
export type UpdateAssistantRequest = z.input<typeof updateAssistantRequest>;

/** GET /v1/assistants' query, with OpenAI's defaults (20, newest first). */
export const assistantListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  order: z.enum(['asc', 'desc']).default('desc'),
  after: z.string().optional(),
  before: z.string().optional(),
});
export type AssistantListQuery = z.infer<typeof assistantListQuery>;

export const assistantList = z.object({
  object: z.literal('list'),
  data: z.array(assistant),
  first_id: z.string().nullable(),
  last_id: z.string().nullable(),
  has_more: z.boolean(),
});
export type AssistantList = z.infer<typeof assistantList>;

export const assistantDeleted = z.object({ id: z.string(), object: z.literal('assistant.deleted'), deleted: z.literal(true) });

/** The ids a chat request's `files` would name for an assistant's datastores. */
export function assistantDatastoreIds(value: Pick<Assistant, 'tool_resources'>): string[] {
  return value.tool_resources.file_search?.vector_store_ids ?? [];
}
