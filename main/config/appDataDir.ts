import os from 'node:os';
import path from 'node:path';

/** The per-user folder where Hearth keeps settings, keys, datastores and models, as Electron's userData. */
export function appDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Hearth');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Hearth');
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Hearth');
  }
}
