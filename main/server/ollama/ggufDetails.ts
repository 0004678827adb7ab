import path from 'node:path';
import { UnreadableModelError } from '../../../common/errors.js';
import { modelIdOf } from '../../downloads/modelFileName.js';
import { readModelFacts, UnreadableModelFileError } from '../../gguf/readModelFacts.js';

/** What /api/show reads from a GGUF header beyond the engine's ModelInfo. */
export interface GgufDetails {
  /** Flat `section.key` metadata as Ollama's model_info; vocabulary-sized arrays are null, as Ollama leaves them. */
  modelInfo: Record<string, unknown>;
  /** The Jinja chat template in the file, or ''. */
  template: string;
  /** Text of the end-of-generation tokens (EOS, EOT), the stops the engine always applies. */
  stopTokens: string[];
  /** Whether the vocabulary has fill-in-the-middle tokens (so `suffix` works). */
  hasInfill: boolean;
}

/** GGUF details of a model file, from the shared per-file-version header cache; a refused header is a 422. */
export async function ggufDetails(file: string): Promise<GgufDetails> {
  try {
    const facts = await readModelFacts(file);
    return { modelInfo: facts.metadata, template: facts.chatTemplate, stopTokens: facts.stopTokens, hasInfill: facts.hasInfill };
  } catch (error) {
    if (error instanceof UnreadableModelFileError) throw new UnreadableModelError(modelIdOf(path.basename(file)), error.message);
    throw error;
  }
}
