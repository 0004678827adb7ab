// Where the Electron runtime is: ELECTRON_OVERRIDE_DIST_PATH, else the binary the
// electron package downloaded at install. Returns the executable, or null with the reason.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export function findElectron() {
  try {
    const executable = createRequire(import.meta.url)('electron');
    if (existsSync(executable)) return { executable, reason: null };
    return { executable: null, reason: `no Electron runtime at ${executable}` };
  } catch (error) {
    return {
      executable: null,
      reason: `no Electron runtime: ${error.message.split('\n')[0]}. Set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an Electron binary, or reinstall with network access`,
    };
  }
}
