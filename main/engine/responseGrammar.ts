import type { Llama, LlamaGrammar } from 'node-llama-cpp';
import { InvalidRequestError } from '../../common/errors.js';
import type { ResponseFormat } from './types.js';

const cache = new Map<string, Promise<LlamaGrammar>>();
const cacheLimit = 32;

/** The grammar that constrains a reply to the requested format; grammars are compiled once per schema. */
export async function responseGrammar(llama: Llama, format: ResponseFormat | undefined): Promise<LlamaGrammar | undefined> {
  if (!format || format.type === 'text') return undefined;
  const key = format.type === 'json_object' ? 'json' : JSON.stringify(format.schema);
  let grammar = cache.get(key);
  if (!grammar) {
    grammar = format.type === 'json_object' ? llama.getGrammarFor('json') : llama.createGrammarForJsonSchema(format.schema as never);
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
    cache.set(key, grammar);
  }
  try {
    return await grammar;
  } catch (error) {
    cache.delete(key);
    throw new InvalidRequestError(`The JSON schema in response_format is not supported: ${(error as Error).message}`, { param: 'response_format' });
  }
}
