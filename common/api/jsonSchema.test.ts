import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWithinJsonDepth, jsonSchemaObject, maxJsonSchemaDepth } from './jsonSchema.js';
import { openAiChatRequest } from './openai.js';
import { ollamaChatRequest } from './ollama.js';

/** A schema `levels` objects deep, built without recursion (as a hostile client would send it). */
function nested(levels: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let level = 1; level < levels; level++) {
    const child: Record<string, unknown> = {};
    node.a = child;
    node = child;
  }
  return root;
}

describe('JSON schema depth', () => {
  it('counts objects and arrays, and checks thousands of levels without overflowing the stack', () => {
    assert.equal(isWithinJsonDepth({}), true);
    assert.equal(isWithinJsonDepth(nested(maxJsonSchemaDepth)), true);
    assert.equal(isWithinJsonDepth(nested(maxJsonSchemaDepth + 1)), false);
    // Arrays count as levels too: object, array, array, object.
    assert.equal(isWithinJsonDepth({ anyOf: [[{ a: 1 }]] }, 4), true);
    assert.equal(isWithinJsonDepth({ anyOf: [[{ a: 1 }]] }, 3), false);
    assert.equal(isWithinJsonDepth(nested(100_000)), false);
  });

  it('is refused by every schema that carries one, naming the field', () => {
    const deep = nested(3000);
    assert.equal(jsonSchemaObject.safeParse(deep).success, false);
    const messages = [{ role: 'user', content: 'Hi' }];
    const cases: Array<[{ safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, unknown, string]> = [
      [openAiChatRequest, { model: 'm', messages, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: deep } } }, 'response_format.json_schema.schema'],
      [openAiChatRequest, { model: 'm', messages, response_format: { type: 'json_schema', schema: deep } }, 'response_format.schema'],
      [openAiChatRequest, { model: 'm', messages, tools: [{ type: 'function', function: { name: 'f', parameters: deep } }] }, 'tools.0.function.parameters'],
      [ollamaChatRequest, { model: 'm', messages, format: deep }, 'format'],
      [ollamaChatRequest, { model: 'm', messages, tools: [{ type: 'function', function: { name: 'f', parameters: deep } }] }, 'tools.0.function.parameters'],
    ];
    for (const [schema, body, param] of cases) {
      const result = schema.safeParse(body);
      assert.equal(result.success, false, param);
      const issue = result.error!.issues[0]!;
      assert.equal(issue.path.map(String).join('.'), param);
      assert.match(issue.message, /at most 64 levels deep/);
    }
  });
});
