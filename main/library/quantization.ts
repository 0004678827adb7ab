import { ggufFileQuantNames } from 'node-llama-cpp';

// Longest first, so Q4_K_M wins over Q4_K and IQ2_XXS over IQ2_XS.
const names = [...ggufFileQuantNames].sort((a, b) => b.length - a.length);
const patterns = names.map((name) => ({ name, pattern: new RegExp(`(?:^|[-._])${name}(?=[-._]|$)`, 'i') }));

/**
 * The quantization named in a GGUF path, as Hugging Face repos name them
 * (`model-Q4_K_M.gguf`, or a `Q4_K_M/` folder for split models), or null.
 */
export function quantizationOf(filePath: string): string | null {
  const segments = filePath.replace(/(-\d{5}-of-\d{5})?\.gguf$/i, '').split('/').reverse();
  for (const segment of segments) {
    for (const { name, pattern } of patterns) if (pattern.test(segment)) return name;
  }
  return null;
}

/** Whether two quantization names are the same, ignoring case. */
export function sameQuantization(a: string | null, b: string): boolean {
  return a !== null && a.toUpperCase() === b.toUpperCase();
}
