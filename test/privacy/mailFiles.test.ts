import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredPersonalData, runRetention } from '../../src/app/retention.js';
import type { RequestRow } from '../../src/db/schema.js';
import { loadConfig } from '../../src/config.js';
import { buildConfirmation } from '../../src/mail/delivery.js';
import { createMailer } from '../../src/mail/transport.js';
import { VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { generate } from '../support/fnr.js';
import { awaitCard, fileAndAwaitCard, reload } from '../support/triage.js';
import { awaitSettled, daysFromNow, eventKinds, registerFnr, reject, rowsContaining, sendConfirmation, uniquePeople, withdraw } from './support.js';

/** File mode: no SMTP_URL, mails written under DATA_DIR/mail. */
async function fileModeHarness(retentionDays: string) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tt02-retention-'));
  const h = await startHarness({ env: { SMTP_URL: '', DATA_DIR: dataDir, RETENTION_DAYS: retentionDays } });
  return { h, dataDir, mailDir: path.join(dataDir, 'mail') };
}

const filesOf = async (mailDir: string, r: { id: string }) =>
  (await readdir(mailDir).catch(() => [] as string[])).filter((f) => f.includes(r.id)).map((f) => path.join(mailDir, f));

async function completed(h: Harness, fields: ReturnType<ReturnType<typeof uniquePeople>['fields']>): Promise<RequestRow> {
  const r0 = await fileAndAwaitCard(h, VENDOR_USER, fields);
  return sendConfirmation(h, await registerFnr(h, r0, generate('238190'), false));
}

describe('in file mode with RETENTION_DAYS=90', () => {
  let h: Harness;
  let dataDir: string;
  let mailDir: string;
  beforeAll(async () => {
    ({ h, dataDir, mailDir } = await fileModeHarness('90'));
  });
  afterAll(async () => {
    await h?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the .eml files are readable by the app’s user only (0600), in a directory only it can enter', async () => {
    const confirmed = await completed(h, uniquePeople().fields('delegation'));
    const rejected = await reject(h, await fileAndAwaitCard(h, VENDOR_USER, uniquePeople().fields('fictitious')), 'Ikke aktuelt nå.');
    await awaitSettled(h, confirmed);
    await awaitSettled(h, rejected);
    const files = [...(await filesOf(mailDir, confirmed)), ...(await filesOf(mailDir, rejected))];
    // The delegation's confirmation and the customer's own email, and the rejection.
    expect(files).toHaveLength(3);
    for (const f of files) expect((await stat(f)).mode & 0o777, f).toBe(0o600);
    expect((await stat(mailDir)).mode & 0o777).toBe(0o700);
  });

  it('a confirmation retried after a crash between its file and the masking leaves one file, masked', async () => {
    const fnr = generate('248190');
    const r = await registerFnr(h, await fileAndAwaitCard(h, VENDOR_USER, uniquePeople().fields('fictitious')), fnr, false);
    // The first attempt wrote its .eml with the number and the process died before the rewrite.
    const config = loadConfig(h.env);
    const first = createMailer({ from: config.mail.from, mailDir });
    const written = await first.send(buildConfirmation(r, config.maskinportenGuideUrl, config.mail, config.tt02PortalUrl));
    await first.close();
    expect(await readFile(written.file!, 'utf8')).toContain(fnr);

    // The outbox's retry: the same email, the same key.
    const done = await sendConfirmation(h, r);
    await awaitSettled(h, done);
    const files = (await filesOf(mailDir, r)).filter((f) => f.includes('tt02-confirmation'));
    expect(files).toHaveLength(1);
    expect(files[0]).not.toBe(written.file);
    expect(await readFile(files[0]!, 'utf8')).not.toContain(fnr);
  });

  it('a run stopped after the database part, before the files, leaves the files to the next run', async () => {
    const people = uniquePeople();
    const r = await completed(h, people.fields('fictitious'));
    await awaitSettled(h, r);
    const [file] = await filesOf(mailDir, r);
    expect(file).toBeDefined();
    const now = daysFromNow(91);

    // The database part alone: as if the process died right after its commit.
    expect((await purgeExpiredPersonalData(h.db.database.db, { now, retentionDays: 90 })).purged).toContain(r.id);
    expect(await reload(h, r)).toMatchObject({ purgedAt: now, contactEmail: '' });
    expect(await filesOf(mailDir, r)).toEqual([file]);

    // The next run (a restart, another instance) finds the purged request's file and deletes it.
    const next = await runRetention({ db: h.db.database.db, outboxNotify: () => h.server.worker!.kick() }, { now, retentionDays: 90, mailDir });
    expect(next.purged).toEqual([]);
    expect(next.filesRemoved).toBeGreaterThanOrEqual(1);
    expect(await filesOf(mailDir, r)).toEqual([]);
    expect((await eventKinds(h, r)).filter((k) => k === 'personal_data_purged')).toHaveLength(1);
  });
});

describe('in file mode with RETENTION_DAYS=0', () => {
  let h: Harness;
  let dataDir: string;
  let mailDir: string;
  beforeAll(async () => {
    ({ h, dataDir, mailDir } = await fileModeHarness('0'));
  });
  afterAll(async () => {
    await h?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('completed, rejected and withdrawn requests are purged when they close: card redacted, database and .eml files cleared', async () => {
    const people = [uniquePeople(), uniquePeople(), uniquePeople()] as const;
    const open = await fileAndAwaitCard(h, VENDOR_USER, uniquePeople().fields('fictitious'));
    const closed = [
      await completed(h, people[0].fields('delegation')),
      await reject(h, await fileAndAwaitCard(h, VENDOR_USER, people[1].fields('delegation')), 'Ikke aktuelt nå.'),
      await withdraw(h, await fileAndAwaitCard(h, VENDOR_USER, people[2].fields('delegation'))),
    ];
    expect(closed.map((r) => r.status)).toEqual(['completed', 'rejected', 'withdrawn']);

    // Nobody runs the purge here: the app does, as soon as each request's last effect is delivered.
    for (const r of closed) await awaitCard(h, r, (c) => c.includes(':lock:'));
    for (const r of closed) await awaitSettled(h, r);
    // Whatever is left to do (the file deletion follows the database part in the same run) is done by now.
    const after = await h.server.retention!.runOnce();
    expect(after.purged).toEqual([]);

    for (const r of closed) {
      expect(await reload(h, r)).toMatchObject({ purgedAt: expect.any(Date), contactName: '', contactEmail: '', contactPhone: '', customerEmail: null });
      expect((await eventKinds(h, r)).filter((k) => k === 'personal_data_purged')).toHaveLength(1);
      expect(await filesOf(mailDir, r)).toEqual([]);
    }
    for (const p of people) {
      for (const value of [p.contactName, p.contactEmail, p.contactPhone.slice(3), p.customerEmail, p.customerPhone.slice(3)]) {
        expect(await rowsContaining(h, value), value).toEqual([]);
      }
    }
    expect(await reload(h, open)).toMatchObject({ purgedAt: null, contactEmail: open.contactEmail });
  });
});
