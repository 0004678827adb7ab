/**
 * The JSON schemas clients send (OpenAI `response_format` and `tools[].parameters`, Ollama `format` and
 * `tools[].function.parameters`), checked once here for every family.
 */
import { z } from 'zod';

/**
 * Deepest nesting of objects and arrays accepted in a client's JSON schema. Grammar and tool-prompt code
 * walk a schema recursively; thousands of levels overflow the stack. Real schemas stay far below this.
 */
export const maxJsonSchemaDepth = 64;

const depthMessage = `a JSON schema may nest objects and arrays at most ${maxJsonSchemaDepth} levels deep`;

/** Whether `value` nests objects and arrays at most `limit` deep; walked without recursion, so any depth is safe to check. */
export function isWithinJsonDepth(value: unknown, limit = maxJsonSchemaDepth): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return false;
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return true;
}

/** A JSON schema object; refused with a 400 naming the field when it nests too deep. */
export const jsonSchemaObject = z.record(z.string(), z.unknown()).refine((schema) => isWithinJsonDepth(schema), { message: depthMessage });

/** For a union that holds a schema object among other choices: the depth rule applied outside it, so the issue keeps its message. */
export const jsonSchemaDepthRule = [(value: unknown) => isWithinJsonDepth(value), { message: depthMessage }] as const;
