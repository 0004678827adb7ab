import { createRequire } from 'node:module';
import { NotSupportedError } from '../../common/errors.js';

/**
 * Where sherpa-onnx-node is installed, passed to the Whisper and voice programs as their first argument;
 * a 501 saying what needs it when it isn't (an optional native dependency).
 */
export function sherpaOnnxPath(whatNeedsIt: string): string {
  try {
    return createRequire(import.meta.url).resolve('sherpa-onnx-node');
  } catch (error) {
    throw new NotSupportedError(`${whatNeedsIt} needs sherpa-onnx-node, which is not installed: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * The opening of every sherpa-onnx program: loads the module from the path in argv[1] (sherpaOnnxPath) as
 * `sherpa`, and reads all of stdin into `input` (a Buffer).
 */
export const sherpaProgramPrelude = String.raw`
const [sherpaPath] = process.argv.slice(1);
const { pathToFileURL } = await import('node:url');
const loaded = await import(pathToFileURL(sherpaPath).href);
const sherpa = loaded.default ?? loaded;
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = Buffer.concat(chunks);
`;
