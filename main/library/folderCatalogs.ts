import { whisperCatalog } from '../audio/transcription/whisperCatalog.js';
import type { FolderCatalog } from '../downloads/folderCatalog.js';

/**
 * The catalogs of folder models the download queue pulls by reference (`whisper:<id>`) and Discover lists.
 * Another kind of folder model joins with its catalog here; the download code stays the same.
 */
export const folderCatalogs: readonly FolderCatalog[] = [whisperCatalog];
