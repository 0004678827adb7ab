import { InvalidRequestError } from '../../common/errors.js';
import { assertSafeRemotePath } from './modelFileName.js';

/** What a pull reference names, before anything is fetched. */
export type ModelReference =
  | { kind: 'hf-file'; repo: string; revision: string; path: string }
  /** A repo and a quantization to pick; null picks the default one. */
  | { kind: 'hf-quant'; repo: string; revision: string; quantization: string | null }
  | { kind: 'url'; url: URL };

const repoPart = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const hubHosts = new Set(['huggingface.co', 'hf.co', 'www.huggingface.co']);

/**
 * Parses `hf:USER/REPO/FILE.gguf`, `hf:USER/REPO[:QUANT]`, `hf.co/USER/REPO[:QUANT]`,
 * `https://huggingface.co/USER/REPO/resolve/REV/FILE` (or a URL on the configured
 * endpoint) and any other `https://` URL.
 */
export function parseModelReference(ref: string, hfEndpoint: string): ModelReference {
  const text = ref.trim();
  const invalid = (why: string) => new InvalidRequestError(`'${ref}' is not a model reference: ${why}`, { param: 'ref' });
  const endpoint = new URL(hfEndpoint);

  const shorthand = /^(?:hf:|(?:https?:\/\/)?(?:hf\.co|huggingface\.co)\/)(.*)$/i.exec(text);
  if (shorthand && !/\/(resolve|blob)\//.test(shorthand[1]!)) return parseShorthand(shorthand[1]!, invalid);

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('use hf:USER/REPO/FILE.gguf, hf.co/USER/REPO:QUANT or an https:// URL.');
  }
  const isEndpoint = url.origin === endpoint.origin;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isEndpoint)) {
    throw invalid('only https:// URLs are downloaded (http:// only from the configured Hugging Face endpoint).');
  }
  if (url.username || url.password) throw invalid('URLs with credentials are not accepted; set hfToken instead.');
  if (hubHosts.has(url.hostname) || isEndpoint) {
    // /USER/REPO/resolve/REV/PATH; the web UI's /blob/ links name the same file.
    const match = /^\/([^/]+)\/([^/]+)\/(?:resolve|blob)\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (match) {
      const repo = `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`;
      const filePath = match[4]!.split('/').map(decodeURIComponent).join('/');
      checkRepo(repo, invalid);
      assertSafeRemotePath(filePath);
      return { kind: 'hf-file', repo, revision: decodeURIComponent(match[3]!), path: filePath };
    }
  }
  return { kind: 'url', url };
}

function parseShorthand(rest: string, invalid: (why: string) => Error): ModelReference {
  const colon = rest.indexOf(':');
  const main = colon === -1 ? rest : rest.slice(0, colon);
  const quantization = colon === -1 ? null : rest.slice(colon + 1);
  const segments = main.split('/');
  if (segments.length < 2) throw invalid('name the repo as USER/REPO.');
  const repo = `${segments[0]}/${segments[1]}`;
  checkRepo(repo, invalid);
  if (segments.length === 2) {
    if (quantization !== null && !/^[A-Za-z0-9_]+$/.test(quantization)) throw invalid(`'${quantization}' is not a quantization name.`);
    return { kind: 'hf-quant', repo, revision: 'main', quantization: quantization || null };
  }
  if (quantization !== null) throw invalid('give either a file or a :QUANT, not both.');
  const filePath = segments.slice(2).join('/');
  assertSafeRemotePath(filePath);
  if (!/\.gguf$/i.test(filePath)) throw invalid('the file must be a .gguf file.');
  return { kind: 'hf-file', repo, revision: 'main', path: filePath };
}

function checkRepo(repo: string, invalid: (why: string) => Error): void {
  const [user, name] = repo.split('/');
  if (!user || !name || !repoPart.test(user) || !repoPart.test(name) || name.includes('..')) throw invalid(`'${repo}' is not a USER/REPO name.`);
}

/** The URL Hugging Face serves a repo file at; each path segment is encoded on its own. */
export function resolveUrl(hfEndpoint: string, repo: string, revision: string, filePath: string): string {
  const base = hfEndpoint.replace(/\/+$/, '');
  return `${base}/${repo}/resolve/${encodeURIComponent(revision)}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
}
