import type { CatalogEntry } from '../../common/library.js';

/**
 * Models Hearth suggests to a new user, small to large per purpose. Refs are
 * pull references; sizes are the Q4_K_M download, rounded.
 */
export const catalog: readonly CatalogEntry[] = [
  { ref: 'hf.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M', name: 'Qwen2.5 0.5B Instruct', purpose: 'chat', approxSizeBytes: 0.4e9, description: 'Tiny and fast; runs on any machine. Good for trying Hearth out.' },
  { ref: 'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M', name: 'Llama 3.2 1B Instruct', purpose: 'chat', approxSizeBytes: 0.8e9, description: 'Small general assistant with a long context.' },
  { ref: 'hf.co/bartowski/gemma-2-2b-it-GGUF:Q4_K_M', name: 'Gemma 2 2B Instruct', purpose: 'chat', approxSizeBytes: 1.7e9, description: 'Strong small model for writing and summaries.' },
  { ref: 'hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M', name: 'Llama 3.2 3B Instruct', purpose: 'chat', approxSizeBytes: 2.0e9, description: 'A good default on laptops with 8 GB of memory.' },
  { ref: 'hf.co/Qwen/Qwen2.5-7B-Instruct-GGUF:Q4_K_M', name: 'Qwen2.5 7B Instruct', purpose: 'chat', approxSizeBytes: 4.7e9, description: 'Capable general model; wants 8 GB of free memory or a GPU.' },
  { ref: 'hf.co/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:Q4_K_M', name: 'Qwen2.5 Coder 1.5B Instruct', purpose: 'coding', approxSizeBytes: 1.1e9, description: 'Code completion and small edits on modest machines.' },
  { ref: 'hf.co/Qwen/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M', name: 'Qwen2.5 Coder 7B Instruct', purpose: 'coding', approxSizeBytes: 4.7e9, description: 'Code chat and generation; best with a GPU.' },
  { ref: 'hf.co/nomic-ai/nomic-embed-text-v1.5-GGUF:Q4_K_M', name: 'Nomic Embed Text v1.5', purpose: 'embedding', approxSizeBytes: 0.08e9, description: 'Embeddings for search and RAG datastores.' },
];
