import { voiceCatalog } from '../audio/speech/voiceCatalog.js';
import { whisperCatalog } from '../audio/transcription/whisperCatalog.js';
import type { FolderCatalog } from '../downloads/folderCatalog.js';

/**
 * The catalogs of folder models the download queue pulls by reference (`whisper:<id>`, `voice:<id>`) and
 * Discover lists, one section per purpose. Another kind of folder model joins with its catalog here; the
 * download code stays the same.
 */
export const folderCatalogs: readonly FolderCatalog[] = [whisperCatalog, voiceCatalog];
