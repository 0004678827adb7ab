import { z } from 'zod';
import { downloadProgress } from '../../downloads.js';
import { catalogEntry, folderModelEntry, hubModelSummary, repoModelFile } from '../../library.js';

const repo = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a repo is USER/NAME');

export const libraryCalls = {
  /** Curated models to start with. */
  'library:catalog': { input: z.object({}).strict(), output: z.array(catalogEntry) },
  /** Suggested models that are folders of files (Whisper for speech to text), each with whether it is installed. */
  'library:folderModels': { input: z.object({}).strict(), output: z.array(folderModelEntry) },
  /** GGUF repos on Hugging Face, most downloaded first. */
  'library:search': { input: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) }).strict(), output: z.array(hubModelSummary) },
  /** A repo's GGUF files with size, quantization and whether each fits this machine. */
  'library:repoFiles': { input: z.object({ repo }).strict(), output: z.array(repoModelFile) },
  'downloads:list': { input: z.object({}).strict(), output: z.array(downloadProgress) },
  /** Queues a download (`hf:USER/REPO/FILE`, `hf.co/USER/REPO:QUANT`, an https URL or a folder model's `whisper:ID`); again after a cancel, it resumes. */
  'downloads:start': { input: z.object({ ref: z.string().min(1).max(2048) }).strict(), output: downloadProgress },
  /** Stops a download; its partial file stays for a resume unless `discard`. */
  'downloads:cancel': { input: z.object({ id: z.string().min(1).max(256), discard: z.boolean().default(false) }).strict(), output: downloadProgress },
} as const;
