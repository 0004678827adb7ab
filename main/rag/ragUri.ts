import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where datastores live: a local folder, or object storage LanceDB reaches with credentials from the environment. */
export interface RagLocation {
  /** What LanceDB connects to: an absolute path, or the URI as given for object storage. */
  uri: string;
  /** A local folder, or null for object storage. */
  localDir: string | null;
}

const objectStoreSchemes = ['s3', 's3+ddb', 'gs', 'az'] as const;

/**
 * Reads the `ragUri` setting (or HEARTH_RAG_URI): unset means `<data>/datastores`; a path or `file://`
 * URL is a local folder (relative to the data folder); `s3://`, `gs://` and `az://` go to object storage
 * with credentials taken from the environment (AWS_*, GOOGLE_*, AZURE_*), never from settings.
 */
export function resolveRagLocation(ragUri: string | undefined, dataDir: string): RagLocation {
  const raw = ragUri?.trim();
  if (!raw) return local(path.join(dataDir, 'datastores'));
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  if (scheme === undefined) return local(path.resolve(dataDir, raw));
  if (scheme === 'file') return local(fileURLToPath(raw));
  if ((objectStoreSchemes as readonly string[]).includes(scheme)) {
    const rest = raw.slice(scheme.length + 3);
    if (!/^[^/\s]+/.test(rest)) throw new Error(`ragUri '${raw}' names no bucket; write it as ${scheme}://BUCKET/PATH.`);
    return { uri: `${scheme}://${rest.replace(/\/+$/, '')}`, localDir: null };
  }
  throw new Error(`ragUri '${raw}' has an unsupported scheme '${scheme}'; use a folder, file://, s3://, gs:// or az://.`);
}

function local(dir: string): RagLocation {
  return { uri: dir, localDir: dir };
}
