import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { InvalidRequestError } from '../../common/errors.js';

const splitSuffix = /-(\d{5})-of-(\d{5})\.gguf$/i;

/** Part number and count of a split GGUF file name (`-00001-of-00003.gguf`), or null. */
export function splitPartOf(fileName: string): { part: number; parts: number; base: string } | null {
  const match = splitSuffix.exec(fileName);
  if (!match) return null;
  const part = Number(match[1]);
  const parts = Number(match[2]);
  if (part < 1 || parts < 1 || part > parts) return null;
  return { part, parts, base: fileName.slice(0, match.index) };
}

/** The model id the engine lists for a file: the name without `.gguf`, and without the split suffix for split models. */
export function modelIdOf(fileName: string): string {
  const split = splitPartOf(fileName);
  return split ? split.base : fileName.replace(/\.gguf$/i, '');
}

/** Refuses `..`, absolute and backslash paths outright: a remote naming one is hostile or broken, not merely odd. */
export function assertSafeRemotePath(remotePath: string, param = 'ref'): void {
  if (
    remotePath.length === 0 ||
    remotePath.includes('\\') ||
    remotePath.includes('\0') ||
    path.posix.isAbsolute(remotePath) ||
    /^[a-z]:/i.test(remotePath) ||
    remotePath.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')
  ) {
    throw new InvalidRequestError(`'${remotePath}' is not an acceptable file path: relative paths without '..' only.`, { param });
  }
}

/** A file name safe on every OS, from the last segment of a remote path; must be a .gguf file. */
export function safeModelFileName(remotePath: string, param = 'ref'): string {
  assertSafeRemotePath(remotePath, param);
  const base = remotePath.slice(remotePath.lastIndexOf('/') + 1);
  if (!/\.gguf$/i.test(base)) throw new InvalidRequestError(`'${base}' is not a .gguf file.`, { param });
  const cleaned = base
    .slice(0, -'.gguf'.length)
    .replace(/[^A-Za-z0-9._+-]/g, '_')
    .replace(/^[.\-]+/, '');
  if (cleaned.length === 0) throw new InvalidRequestError(`'${base}' has no usable file name.`, { param });
  return `${cleaned.slice(0, 200)}.gguf`;
}

/**
 * A file's path inside a folder model's folder (`tokens.txt`, `espeak-ng-data/phontab`), as the repo lists it:
 * refused rather than cleaned, since the model's own files name each other and a changed name would break them.
 * `!` and inner spaces are allowed: espeak-ng's voice variants live in `espeak-ng-data/voices/!v/` with names
 * such as `Mr serious`. A segment never starts with a dot or space nor ends with a space or dot (Windows drops those).
 */
export function safeFolderFilePath(filePath: string, param = 'ref'): string {
  assertSafeRemotePath(filePath, param);
  const segments = filePath.split('/');
  if (segments.length > 8 || !segments.every((segment) => /^[A-Za-z0-9_+!-](?:[A-Za-z0-9._+! -]{0,198}[A-Za-z0-9_+!-])?$/.test(segment))) {
    throw new InvalidRequestError(`'${filePath}' is not an acceptable file path for a model folder.`, { param });
  }
  return filePath;
}

/**
 * The absolute path of a file directly inside the models dir, checked after
 * resolving symlinks so a planted link can't send a write elsewhere.
 */
export async function pathInModelsDir(modelsDir: string, fileName: string): Promise<string> {
  const root = await realpath(modelsDir);
  const target = path.join(root, fileName);
  if (path.dirname(target) !== root) throw new InvalidRequestError(`'${fileName}' would leave the models dir.`, { param: 'ref' });
  const existing = await lstat(target).catch(() => null);
  if (existing?.isSymbolicLink()) {
    const resolved = await realpath(target).catch(() => null);
    const relative = resolved === null ? '..' : path.relative(root, resolved);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new InvalidRequestError(`'${fileName}' is a link that leaves the models dir.`, { param: 'ref' });
    }
  }
  return target;
}
