import { z } from 'zod';

/**
 * A string or a list of typed items (Anthropic's message content, the Responses API's `input`). Zod reports
 * a union that fails as a bare "Invalid input"; this says what is wrong inside the list instead, at its
 * position: "at 0.type: unknown type 'hologram'; expected one of: text, tool_use…".
 */
export function textOrList<Item extends z.ZodType>(item: Item, what: string) {
  return z.union([z.string(), z.array(item)], {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      if (!Array.isArray(issue.input)) return `expected a string or a list of ${what}`;
      const inner = issue.errors[1]?.[0];
      return inner ? `at ${inner.path.join('.')}: ${inner.message}` : undefined;
    },
  });
}

/** A discriminated union whose unknown `type` names the types it knows. */
export function typedUnion<const Options extends readonly [z.ZodObject, ...z.ZodObject[]]>(options: Options, what: string) {
  const types = options.flatMap((option) => {
    const type = option.shape.type as z.ZodType | undefined;
    return type instanceof z.ZodLiteral ? [...type.values].map(String) : type instanceof z.ZodEnum ? type.options.map(String) : [];
  });
  return z.discriminatedUnion('type', options as never as Options, {
    error: (issue) => (issue.code === 'invalid_union' ? `unknown ${what} type ${JSON.stringify((issue.input as { type?: unknown })?.type)}; expected one of: ${types.join(', ')}` : undefined),
  });
}
