import { useEffect } from 'react';
import { folderModelPurpose, type FolderModelEntry, type FolderModelPurpose } from '../../../common/library.js';
import { formatPercent, ProgressBar } from '../../components/ProgressBar.js';
import { formatBytes } from '../../lib/format.js';
import { isActive, ordered, useDownloadsStore } from '../downloads/store.js';
import { canChange, isUsable, useServerStore } from '../server/store.js';
import { useLandOnSection } from './sectionLink.js';
import { useDiscoverStore } from './store.js';
import './discover.css';

/** What each purpose's section says: its title, the tag on its cards, and what such a model is used for. */
const sectionWords: Record<FolderModelPurpose, { title: string; tag: string; intro: string }> = {
  'speech-to-text': {
    title: 'Speech to text',
    tag: 'speech to text',
    intro: 'Whisper models for dictation in the chat and for /v1/audio/transcriptions, run offline on the CPU. Usable as soon as they are downloaded.',
  },
  'text-to-speech': {
    title: 'Voices',
    tag: 'voice',
    intro:
      'Neural voices that read replies aloud (the Speak button on each reply; pick one in a chat’s settings) and speak for /v1/audio/speech, run offline on the CPU. ' +
      'Without one, Hearth speaks with espeak-ng’s robotic voices. Usable as soon as they are downloaded.',
  },
};

function FolderModel({ entry }: { entry: FolderModelEntry }) {
  // The newest download of this model, if any.
  const download = useDownloadsStore((state) => ordered(state.records).find((record) => record.ref === entry.ref));
  const start = useDownloadsStore((state) => state.start);
  const mayChange = useServerStore((state) => canChange(state.status));
  const isInstalled = entry.isInstalled || download?.state === 'completed';
  const isDownloading = download !== undefined && isActive(download);
  const fraction = isDownloading && download.state !== 'queued' && download.totalBytes ? download.receivedBytes / download.totalBytes : null;
  return (
    <li className="card" data-testid="folder-model" data-installed={isInstalled} data-ref={entry.ref}>
      <div>
        <strong>{entry.name}</strong> <span className="tag">{sectionWords[entry.purpose].tag}</span>
        <div className="muted">
          about {formatBytes(entry.approxSizeBytes)} · {entry.description}
        </div>
        {isDownloading && (
          <div className="folder-model-progress">
            <ProgressBar value={fraction} label={`Download of ${entry.name}`} />
            <div className="download-facts" data-testid="folder-model-progress">
              {fraction === null ? 'Waiting' : `${formatPercent(fraction)} · ${formatBytes(download.receivedBytes)} of ${formatBytes(download.totalBytes)}`}
            </div>
          </div>
        )}
      </div>
      <div className="card-actions">
        {isInstalled ? (
          <span className="badge badge-download-completed" data-testid="folder-model-installed">
            Installed
          </span>
        ) : (
          <button type="button" className="small primary" disabled={!mayChange || isDownloading} onClick={() => void start(entry.ref)} aria-label={`Download ${entry.name}`}>
            {isDownloading ? 'Downloading…' : 'Download'}
          </button>
        )}
      </div>
    </li>
  );
}

/** One purpose's suggested folder models; Discover opened at `?section=<purpose>` lands on its heading. */
function FolderModelSection({ purpose, entries }: { purpose: FolderModelPurpose; entries: FolderModelEntry[] }) {
  const words = sectionWords[purpose];
  const heading = useLandOnSection<HTMLHeadingElement>(purpose, entries.length > 0);
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby={`${purpose}-title`} className="panel" data-testid={`folder-models-${purpose}`}>
      {/* Focusable by script only, for a link that lands here. */}
      <h2 id={`${purpose}-title`} ref={heading} tabIndex={-1}>
        {words.title}
      </h2>
      <p className="muted">{words.intro}</p>
      <ul className="card-list">
        {entries.map((entry) => (
          <FolderModel key={entry.ref} entry={entry} />
        ))}
      </ul>
    </section>
  );
}

/**
 * Hearth's suggested folder models, a section per purpose (Whisper models for speech to text, neural voices),
 * downloaded through the same queue as GGUF models.
 */
export function FolderModels() {
  const entries = useDiscoverStore((state) => state.folderModels);
  const usable = useServerStore((state) => isUsable(state.status));
  const mayChange = useServerStore((state) => canChange(state.status));
  useEffect(() => {
    if (usable && mayChange) void useDiscoverStore.getState().loadFolderModels();
  }, [usable, mayChange]);
  return (
    <>
      {folderModelPurpose.options.map((purpose) => (
        <FolderModelSection key={purpose} purpose={purpose} entries={entries.filter((entry) => entry.purpose === purpose)} />
      ))}
    </>
  );
}
