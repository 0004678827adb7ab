import { NotFoundError, PermissionError } from '../../common/errors.js';
import type { DatastoreRecord } from '../../common/rag.js';

/** Who asks: an API key (its id and alias), or the machine's local user (keys off, the desktop app). */
export interface Actor {
  keyId: string | null;
  name: string;
  role: 'admin' | 'user';
}

/** The local user: admin, as keys off makes whoever reaches the loopback-only server. */
export const localActor: Actor = Object.freeze({ keyId: null, name: 'local', role: 'admin' as const });

export function isOwner(actor: Actor, record: Pick<DatastoreRecord, 'ownerKeyId'>): boolean {
  return record.ownerKeyId === actor.keyId;
}

/** Admins see every datastore; others their own and public ones. */
export function canRead(actor: Actor, record: Pick<DatastoreRecord, 'ownerKeyId' | 'visibility'>): boolean {
  return actor.role === 'admin' || record.visibility === 'public' || isOwner(actor, record);
}

/**
 * A datastore the actor may read, or 404: another user's private datastore is answered exactly as a
 * missing one, so its existence isn't revealed.
 */
export function assertReadable<T extends Pick<DatastoreRecord, 'ownerKeyId' | 'visibility'>>(actor: Actor, id: string, record: T | undefined): T {
  if (!record || !canRead(actor, record)) throw new NotFoundError(`No datastore '${id}'.`, { code: 'datastore_not_found', param: 'datastore_id' });
  return record;
}

/** Writes (documents, settings, delete, reindex) are the owner's and the admins'; a public datastore is read-only to others. */
export function assertWritable<T extends Pick<DatastoreRecord, 'ownerKeyId' | 'visibility'>>(actor: Actor, id: string, record: T | undefined): T {
  const readable = assertReadable(actor, id, record);
  if (actor.role !== 'admin' && !isOwner(actor, readable)) throw new PermissionError(`The datastore '${id}' is another user's; it is public to read, not to change.`);
  return readable;
}
