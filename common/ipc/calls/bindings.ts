import { z } from 'zod';
import { bindingSummary, bindingTestResult, createBindingInput, updateBindingInput } from '../../bindings.js';

const bindingId = z.object({ id: z.string().min(1).max(128) }).strict();

export const bindingsCalls = {
  'bindings:list': { input: z.object({}).strict(), output: z.array(bindingSummary) },
  'bindings:create': { input: createBindingInput.strict(), output: bindingSummary },
  'bindings:update': { input: z.object({ id: z.string().min(1).max(128), patch: updateBindingInput.strict() }).strict(), output: bindingSummary },
  'bindings:delete': { input: bindingId, output: z.object({}) },
  /** Asks the upstream for its model list: reachable, key accepted, what it serves. */
  'bindings:test': { input: bindingId, output: bindingTestResult },
} as const;
