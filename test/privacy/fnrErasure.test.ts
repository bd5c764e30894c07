import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, requestEvents } from '../../src/db/schema.js';
import { VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { generate } from '../support/fnr.js';
import { allText, fileAndAwaitCard, latestCard, reload } from '../support/triage.js';
import { awaitSettled, registerFnr, reject, rowsContaining, sendConfirmation, uniquePeople, withdraw } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const mailsTo = (addr: string) => h.smtp.messages.filter((m) => m.envelope.to.includes(addr));

describe('the fødselsnummer is kept only until the mail server accepts the confirmation', () => {
  it.each([
    { kind: 'synthetic', label: 'syntetisk testnummer', fnr: generate('208190', 0, 100), confirm: false },
    { kind: 'dnr', label: 'D-nummer', fnr: generate('480190', 0, 100), confirm: true },
    { kind: 'fnr', label: 'ekte fødselsnummer', fnr: generate('080190', 0, 100), confirm: true },
  ])('$kind: once the SMTP server accepted it, no table holds the number and the audit keeps its kind', async ({ kind, label, fnr, confirm }) => {
    const people = uniquePeople();
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, people.fields('delegation'));
    const registered = await registerFnr(h, r0, fnr, confirm);
    expect(registered).toMatchObject({ loginFnr: fnr, loginFnrKind: kind });

    const r = await sendConfirmation(h, registered);
    // The mail server has it: that is where it went.
    const [mail] = mailsTo(people.contactEmail);
    expect(mail!.parsed.text).toContain(fnr);

    expect(r).toMatchObject({ status: 'completed', loginFnr: null, loginFnrKind: kind, loginFnrErasedAt: expect.any(Date) });
    await awaitSettled(h, r);
    expect(await rowsContaining(h, fnr)).toEqual([]);
    const events = await h.db.database.db.select().from(requestEvents).where(eq(requestEvents.requestId, r.id));
    expect(events.find((e) => e.kind === 'login_fnr_erased')).toMatchObject({ actorUserId: 'system', details: { fnrKind: kind } });
    expect(events.find((e) => e.kind === 'fnr_registered')).toMatchObject({ actorUserId: 'USTAFF001', details: { fnrKind: kind } });
    // The card says it is gone, and what kind it was.
    const card = allText(latestCard(h, r));
    expect(card).toContain(`_Slettet_ · ${label}`);
    expect(card).not.toContain('•••');
  });

  it('a confirmation delivered again after the number was erased (a crash before it was marked done) is not sent twice', async () => {
    const people = uniquePeople();
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, people.fields('fictitious'));
    const r = await sendConfirmation(h, await registerFnr(h, r0, generate('218190'), false));
    await awaitSettled(h, r);
    expect(mailsTo(people.contactEmail)).toHaveLength(1);

    // As if the instance died between erasing the number and marking the row done: the lease runs out.
    const db = h.db.database.db;
    const where = and(eq(outbox.requestId, r.id), eq(outbox.kind, 'mail.confirmation'));
    await db.update(outbox).set({ status: 'pending', lockedUntil: null, nextAttemptAt: new Date(0) }).where(where);
    h.server.worker!.kick();
    await awaitSettled(h, r);

    const [row] = await db.select().from(outbox).where(where);
    expect(row).toMatchObject({ status: 'done', result: { alreadyAccepted: true } });
    expect(mailsTo(people.contactEmail)).toHaveLength(1);
    expect(await reload(h, r)).toMatchObject({ loginFnr: null, contactEmail: people.contactEmail });
  });

  it('a request rejected or withdrawn after the number was registered drops it at once: no confirmation will need it', async () => {
    const fnrs = [generate('248190'), generate('258190')];
    const rejected = await reject(h, await registerFnr(h, await fileAndAwaitCard(h, VENDOR_USER, uniquePeople().fields('delegation')), fnrs[0]!, false), 'Ikke aktuelt.');
    const withdrawn = await withdraw(h, await registerFnr(h, await fileAndAwaitCard(h, VENDOR_USER, uniquePeople().fields('delegation')), fnrs[1]!, false));
    for (const [r, fnr] of [[rejected, fnrs[0]!], [withdrawn, fnrs[1]!]] as const) {
      expect(r).toMatchObject({ loginFnr: null, loginFnrKind: 'synthetic' });
      await awaitSettled(h, r);
      expect(await rowsContaining(h, fnr)).toEqual([]);
      expect(allText(latestCard(h, r))).toContain('_Slettet_ · syntetisk testnummer');
    }
  });
});
