/**
 * Elements per block and bytes per block of the ggml tensor types whose layout is settled and common
 * in downloads (ggml's type traits). Only these are used to check that a tensor's data lies inside
 * the file; a type missing here is not judged, so a new quantization never makes a model "broken".
 */
const blockLayouts = new Map<number, readonly [elements: number, bytes: number]>([
  [0, [1, 4]], // F32
  [1, [1, 2]], // F16
  [2, [32, 18]], // Q4_0: fp16 scale + 16 bytes of nibbles
  [3, [32, 20]], // Q4_1: fp16 scale and minimum + 16 bytes
  [6, [32, 22]], // Q5_0: fp16 scale + 4 bytes of high bits + 16 bytes
  [7, [32, 24]], // Q5_1
  [8, [32, 34]], // Q8_0: fp16 scale + 32 bytes
  [10, [256, 84]], // Q2_K
  [11, [256, 110]], // Q3_K
  [12, [256, 144]], // Q4_K
  [13, [256, 176]], // Q5_K
  [14, [256, 210]], // Q6_K
  [30, [1, 2]], // BF16
]);

/**
 * Bytes a tensor's data takes in the file, or null for a type not listed above or rows that are not
 * whole blocks (which llama.cpp refuses itself, with its own message).
 * @internal
 */
export function tensorDataBytes(ggmlType: number, dimensions: readonly number[]): number | null {
  const layout = blockLayouts.get(ggmlType);
  if (!layout) return null;
  const [elements, bytes] = layout;
  const rowElements = dimensions[0] ?? 1;
  if (rowElements % elements !== 0) return null;
  return dimensions.slice(1).reduce((size, d) => size * d, (rowElements / elements) * bytes);
}
