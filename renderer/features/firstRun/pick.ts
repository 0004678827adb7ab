import type { MachineInfo } from '../../../common/ipc/contract.js';
import type { CatalogEntry } from '../../../common/library.js';

/**
 * The chat model for a first run: the largest curated one whose download takes at most a third of the
 * machine's memory (or of its GPU's, when larger), leaving room for the context and everything else
 * running; the smallest one when none is that small. Without a GPU every token reads the whole model
 * through the CPU, so the size is also held to what its cores answer at a readable pace (~0.6 GB a core:
 * a 1B model on 2 cores, a 3B one on 4).
 */
/** Model bytes a CPU core reads at a readable pace (a few tokens a second and more). */
const cpuBytesPerCore = 0.6e9;

export function pickForMachine(catalog: readonly CatalogEntry[], machine: MachineInfo | null): CatalogEntry | null {
  const chat = catalog.filter((entry) => entry.purpose === 'chat').sort((a, b) => a.approxSizeBytes - b.approxSizeBytes);
  if (chat.length === 0) return null;
  if (!machine) return chat[0]!;
  const memoryBudget = Math.max(machine.memoryTotalBytes, machine.gpu?.vramTotalBytes ?? 0) / 3;
  const budget = machine.gpu ? memoryBudget : Math.min(memoryBudget, machine.cpuCores * cpuBytesPerCore);
  return chat.filter((entry) => entry.approxSizeBytes <= budget).at(-1) ?? chat[0]!;
}
