import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from './config.js';

/**
 * DATA_DIR holds personal data (PGlite's files and WAL, `.eml` files, the sandbox's messages): only
 * the app's user may read it. PGlite writes its files 0666 whatever the umask, so modes are set
 * here at start-up, not trusted: the folder and every folder under it 0700, every file 0600. A
 * folder 0700 also keeps out files written later, whatever their mode. Anything that cannot be set
 * (another user's file) stops start-up with one line naming DATA_DIR.
 */
export async function secureDataDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await secure(path.resolve(dir));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError([
      `DATA_DIR (${dir}): could not make it private to this user (folders 0700, files 0600): ${e.code ?? e.message}${e.path ? ` at ${e.path}` : ''}`,
    ]);
  }
}

async function secure(p: string): Promise<void> {
  const s = await lstat(p);
  if (s.isSymbolicLink()) return; // its target is not ours to change
  if (s.isDirectory()) {
    if ((s.mode & 0o777) !== 0o700) await chmod(p, 0o700);
    for (const name of await readdir(p)) await secure(path.join(p, name));
  } else if ((s.mode & 0o777) !== 0o600) {
    await chmod(p, 0o600);
  }
}
