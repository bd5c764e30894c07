import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';

/** One email the app wrote (file mode), as the mail view shows it. */
export interface MailItem {
  file: string;
  date: string | null;
  from: string;
  to: string;
  cc: string;
  subject: string;
  text: string;
  html: string;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string =>
  (Array.isArray(a) ? a : a ? [a] : []).map((x) => x.text).join(', ');

/**
 * Reads the `.eml` files under `dir`, newest first; parsed files are kept until they change (the
 * confirmation's file is rewritten without the fødselsnummer once it is erased).
 */
export function createMailbox(dir: string) {
  const parsed = new Map<string, MailItem & { mtimeMs: number }>();
  return {
    async list(): Promise<MailItem[]> {
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml')).sort().reverse();
      const out: MailItem[] = [];
      for (const name of names) {
        const mtimeMs = (await stat(path.join(dir, name)).catch(() => null))?.mtimeMs;
        if (mtimeMs === undefined) continue;
        let item = parsed.get(name);
        if (item?.mtimeMs !== mtimeMs) {
          const mail = await simpleParser(await readFile(path.join(dir, name)));
          item = {
            file: name,
            date: mail.date?.toISOString() ?? null,
            from: addresses(mail.from),
            to: addresses(mail.to),
            cc: addresses(mail.cc),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            mtimeMs,
          };
          parsed.set(name, item);
        }
        out.push(item);
      }
      return out;
    },
    async count(): Promise<number> {
      return (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml')).length;
    },
  };
}
