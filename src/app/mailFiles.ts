import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

// The file mailer names each .eml file after the mail's idempotency key, and our keys name the
// request (`tt02-confirmation-<id>`, see delivery.ts): a request's files are found by its id.
const REQUEST_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export interface MailFile {
  file: string;
  requestIds: string[];
}

/** The .eml files (and half-written temporaries) in `dir` that name a request; none when there is no directory. */
export async function mailFilesByRequest(dir: string): Promise<MailFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .filter((n) => n.endsWith('.eml') || n.endsWith('.tmp'))
    .map((n) => ({ file: path.join(dir, n), requestIds: [...n.matchAll(REQUEST_ID)].map((m) => m[0].toLowerCase()) }))
    .filter((f) => f.requestIds.length > 0);
}

/** Deletes the files; one already gone counts as deleted (another instance, or an earlier run, was first). */
export async function removeMailFiles(files: string[]): Promise<number> {
  for (const f of files) await rm(f, { force: true });
  return files.length;
}
