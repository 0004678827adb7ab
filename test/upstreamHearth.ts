import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnHearthServer, type SpawnedServer } from './spawnHearth.js';
import { testModelPath, type TestModelId } from './testModels.js';

export interface UpstreamHearth extends SpawnedServer {
  /** Stops the process (if still running) and removes its folders. */
  close(): Promise<void>;
}

/**
 * A second Hearth process to put behind a binding: its own data and models dirs, keys off, one thread and
 * a small context per model so two of them beside the server under test stay quick on two cores.
 */
export async function spawnUpstreamHearth(models: TestModelId[]): Promise<UpstreamHearth> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-upstream-'));
  const dataDir = path.join(root, 'data');
  const modelsDir = path.join(root, 'models');
  await mkdir(dataDir, { recursive: true });
  await mkdir(modelsDir, { recursive: true });
  for (const id of models) await symlink(testModelPath(id), path.join(modelsDir, `${id}.gguf`));
  await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ gpu: false, modelDefaults: { threads: 1, contextSize: 1024, parallelSlots: 2 } }));
  const server = await spawnHearthServer(['--data-dir', dataDir, '--models-dir', modelsDir, '--no-auth']);
  let killed = false;
  return {
    ...server,
    async killHard() {
      killed = true;
      await server.killHard();
    },
    async close() {
      if (!killed) await server.killHard();
      await rm(root, { recursive: true, force: true });
    },
  };
}
