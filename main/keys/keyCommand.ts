import path from 'node:path';
import { appDataDir } from '../config/appDataDir.js';

/** A path as a shell argument: bare when it needs no quoting, else in double quotes (sh, PowerShell and cmd agree on those). */
function shellArgument(value: string): string {
  return /^[\w@%+=:,./\\-]+$/.test(value) ? value : JSON.stringify(value);
}

/**
 * The command that creates a key for the server using `dataDir`: with `--data-dir` unless it is the app's
 * default folder, since a key made in another folder is refused by this server.
 */
export function keyCreateCommand(options: { dataDir: string; alias: string; role?: 'admin' | 'user' }): string {
  const parts = ['npm run hearth -- keys create', `--alias ${shellArgument(options.alias)}`];
  if (options.role === 'admin') parts.push('--role admin');
  if (path.resolve(options.dataDir) !== path.resolve(appDataDir())) parts.push(`--data-dir ${shellArgument(options.dataDir)}`);
  return parts.join(' ');
}
