import type { MachineInfo } from '../../../common/ipc/contract.js';
import type { CatalogEntry } from '../../../common/library.js';

/**
 * The chat model for a first run: the largest curated one whose download takes at most a third of the
 * machine's memory (or of its GPU's, when larger), leaving room for the context and everything else
 * running; the smallest one when none is that small.
 */
export function pickForMachine(catalog: readonly CatalogEntry[], machine: MachineInfo | null): CatalogEntry | null {
  const chat = catalog.filter((entry) => entry.purpose === 'chat').sort((a, b) => a.approxSizeBytes - b.approxSizeBytes);
  if (chat.length === 0) return null;
  if (!machine) return chat[0]!;
  const budget = Math.max(machine.memoryTotalBytes, machine.gpu?.vramTotalBytes ?? 0) / 3;
  return chat.filter((entry) => entry.approxSizeBytes <= budget).at(-1) ?? chat[0]!;
}
