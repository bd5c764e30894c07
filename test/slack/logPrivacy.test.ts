import { format } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STAFF, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { DELEGATION, FICTITIOUS, fileRequest, freshOrgNumber, openIntakeByButton, stateValues, submitIntake, type IntakeFields } from '../support/intake.js';
import { generate } from '../support/fnr.js';
import { blockActionPayload } from '../support/slackRequests.js';
import {
  advanceToFnrRegistered,
  awaitStored,
  byNumber,
  allText,
  awaitCard,
  awaitModal,
  awaitThreadNote,
  clickCard,
  fileAndAwaitCard,
  openConfirmationPreview,
  reload,
  submitModal,
  text,
} from '../support/triage.js';

// Everything, at the most verbose level: Bolt's and the Web API client's debug lines included.
let h: Harness;
const consoleOutput: string[] = [];
const restoreConsole: (() => void)[] = [];
beforeAll(async () => {
  // Anything written past pino (a WebClient's own console logger, say) is scanned too.
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      consoleOutput.push(format(...args));
      original.apply(console, args);
    };
    restoreConsole.push(() => (console[method] = original));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      consoleOutput.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restoreConsole.push(() => (stream.write = original as typeof stream.write));
  }
  h = await startHarness({ env: { LOG_LEVEL: 'trace' } });
});
afterAll(async () => {
  await h?.stop();
  for (const restore of restoreConsole) restore();
});

let serial = 0;
/** A request with personal data no other test uses, and every form of it that could leak. */
function person(base: IntakeFields) {
  serial += 1;
  const tag = `${Date.now().toString(36)}${serial}`;
  const six = () => String(100_000 + Math.floor(Math.random() * 900_000));
  const contactDigits = `41${six()}`;
  const customerDigits = `98${six()}`;
  const fields: IntakeFields = {
    ...base,
    vendor_org_number: freshOrgNumber(),
    contact_email: `kontakt.${tag}@Acme.NO`,
    contact_phone: `${contactDigits.slice(0, 3)} ${contactDigits.slice(3, 5)} ${contactDigits.slice(5)}`,
    ...(base.access_type === 'customer_delegation'
      ? {
          customer_org_number: freshOrgNumber(),
          customer_email: `kunde.${tag}@kundebakeri.no`,
          customer_phone: `+47 ${customerDigits.slice(0, 3)} ${customerDigits.slice(3, 5)} ${customerDigits.slice(5)}`,
        }
      : {}),
  };
  const secrets = [
    fields.contact_email!,
    fields.contact_email!.toLowerCase(),
    fields.contact_phone!,
    contactDigits,
    `+47${contactDigits}`,
  ];
  if (fields.customer_email) secrets.push(fields.customer_email, fields.customer_phone!, customerDigits, `+47${customerDigits}`);
  return { fields, secrets };
}

/** Every secret that appears somewhere in the app's log lines or in anything else it printed. */
function leaked(secrets: string[]): string[] {
  const all = [...h.logs, ...consoleOutput].join('\n');
  return secrets.filter((s) => all.includes(s) || all.includes(JSON.stringify(s).slice(1, -1)));
}

describe('nothing personal in the logs, even at LOG_LEVEL=trace', () => {
  it('a whole customer-delegation request, from intake to the confirmation email, logs no email, phone or fødselsnummer', async () => {
    const { fields, secrets } = person(DELEGATION);
    const fnr = generate('268190');
    secrets.push(fnr);

    // The vendor types everything, then picks the access type: the app redraws the modal with what
    // was typed (views.update carries the emails and phones).
    const modal = await openIntakeByButton(h, VENDOR_USER);
    const updates = h.slack.callsOf('views.update').length;
    await h.send.interactive(
      blockActionPayload({
        user: { id: VENDOR_USER, team_id: 'TVENDOR01' },
        view: { id: modal.id, callback_id: 'tt02_intake', private_metadata: modal.view.private_metadata, hash: h.slack.view(modal.id)!.hash, state: { values: stateValues(fields) } },
        action: { action_id: 'access_type', block_id: 'access_type', type: 'radio_buttons', selected_option: { value: 'customer_delegation' } },
      }),
    );
    const update = await h.slack.waitForNew('views.update', updates);
    expect(allText(update.args)).toContain(fields.customer_email);
    const res = await submitIntake(h, { viewId: modal.id, privateMetadata: modal.view.private_metadata, user: VENDOR_USER, fields });
    const ref = /TT02-(\d{4})/.exec(allText(res.body));
    expect(ref).not.toBeNull();
    await awaitCard(h, await awaitStored(h, Number(ref![1])), (c) => c.includes(ref![0]));
    const r0 = await byNumber(h, Number(ref![1]));

    await clickCard(h, { user: STAFF, actionId: 'card_claim', request: r0, extra: '' });
    await awaitCard(h, r0, (c) => c.includes(`<@${STAFF}>`));
    const r = await advanceToFnrRegistered(h, await reload(h, r0), STAFF, fnr);
    expect(r.status).toBe('fnr_registered');
    const preview = await openConfirmationPreview(h, r, STAFF);
    expect(allText(preview.view.blocks)).toContain(fields.customer_email);
    const sent = await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
    expect(sent.text).toBe('');
    await awaitThreadNote(h, r, (s) => s.includes('sendt på e-post'));
    const mail = h.smtp.messages.find((m) => m.envelope.to.includes(fields.contact_email!.toLowerCase()));
    expect(mail?.parsed.text).toContain(fnr);
    // The customer gets an email of its own, without the number.
    const customerMail = await h.smtp.awaitMessage((m) => m.envelope.to.includes(fields.customer_email!.toLowerCase()));
    expect(customerMail.parsed.text).not.toContain(fnr);

    // The run did log at debug and trace level, Web API calls and bodies included.
    expect(h.logs.some((l) => l.includes('"level":10') || l.includes('"level":20'))).toBe(true);
    expect(h.logs.some((l) => l.includes("apiCall('views.update')"))).toBe(true);
    expect(h.logs.some((l) => l.includes('http request body'))).toBe(true);
    expect(leaked(secrets)).toEqual([]);
  }, 60_000);
});

/**
 * A real database fault at a chosen step: a trigger that raises, with a DETAIL echoing the whole row
 * as PostgreSQL's own constraint errors do, so that the driver's real error (carrying the query's
 * parameters) flows through the app.
 */
const FAULT_CODE = 'TT999';
async function withFault<T>(on: 'insert' | 'update', when: string | null, fn: () => Promise<T>): Promise<T> {
  const db = h.db.database.db;
  await db.execute(
    sql.raw(`create or replace function tt02_test_fault() returns trigger language plpgsql as $$
      begin raise exception 'forced failure' using errcode = '${FAULT_CODE}', detail = 'Failing row contains ' || new::text; end $$`),
  );
  await db.execute(
    sql.raw(`create trigger tt02_test_fault before ${on} on requests for each row ${when ? `when (${when})` : ''} execute function tt02_test_fault()`),
  );
  try {
    return await fn();
  } finally {
    await db.execute(sql.raw('drop trigger if exists tt02_test_fault on requests'));
  }
}

/** The failure was logged with its SQL state, and none of the request's personal data was. */
async function expectLoggedSafely(secrets: string[], since: number): Promise<void> {
  const line = await h.logged((l) => h.logs.indexOf(l) >= since && l.includes('"listener failed"'));
  expect(leaked(secrets)).toEqual([]);
  expect(line).not.toContain('params');
  expect(line).not.toContain('Failing row');
  expect(JSON.parse(line)).toMatchObject({ level: 50 });
  expect(line).toContain(`"code":"${FAULT_CODE}"`);
}

/** What the app answered Slack is no server error and shows nothing of the fault or the request's data. */
function expectQuietAnswer(res: { status: number; text: string }, secrets: string[]): void {
  expect(res.status).toBeLessThan(500);
  expect(res.text).not.toContain('Failed query');
  expect(res.text).not.toContain(FAULT_CODE);
  for (const secret of secrets) expect(res.text).not.toContain(secret);
}

const statusChangesTo = (status: string) => `new.status = '${status}' and old.status is distinct from new.status`;

describe('a database failure at any step logs the error, not the request’s personal data', () => {
  afterEach(async () => {
    await h.db.database.db.execute(sql.raw('drop trigger if exists tt02_test_fault on requests'));
  });

  it('intake: the submission is not stored, and it goes through once the database is back', async () => {
    const { fields, secrets } = person(DELEGATION);
    const since = h.logs.length;
    const failed = await withFault('insert', null, async () => {
      const { res } = await fileRequest(h, VENDOR_USER, fields);
      expectQuietAnswer(res, secrets);
      await expectLoggedSafely(secrets, since);
      return res;
    });
    expect(allText(failed.body)).not.toMatch(/TT02-\d{4}/);
    const again = await fileAndAwaitCard(h, VENDOR_USER, fields);
    expect(again.status).toBe('submitted');
    expect(leaked(secrets)).toEqual([]);
  }, 60_000);

  it('claim, Altinn step, fødselsnummer, confirmation: each fails cleanly and works on the next try', async () => {
    const { fields, secrets } = person(DELEGATION);
    const fnr = generate('278190');
    secrets.push(fnr);
    const r = await fileAndAwaitCard(h, VENDOR_USER, fields);

    let since = h.logs.length;
    await withFault('update', 'new.assignee_user_id is distinct from old.assignee_user_id', async () => {
      const res = await clickCard(h, { user: STAFF, actionId: 'card_claim', request: r, extra: '' });
      expectQuietAnswer(res, secrets);
      await expectLoggedSafely(secrets, since);
    });
    expect((await reload(h, r)).assigneeUserId).toBeNull();
    await clickCard(h, { user: STAFF, actionId: 'card_claim', request: r, extra: '' });
    await awaitCard(h, r, (c) => c.includes(`<@${STAFF}>`));

    since = h.logs.length;
    await withFault('update', statusChangesTo('altinn_done'), async () => {
      const res = await clickCard(h, { user: STAFF, actionId: 'card_altinn', request: await reload(h, r) });
      expectQuietAnswer(res, secrets);
      await expectLoggedSafely(secrets, since);
    });
    expect((await reload(h, r)).status).toBe('submitted');
    await clickCard(h, { user: STAFF, actionId: 'card_altinn', request: await reload(h, r) });
    await awaitCard(h, r, (c) => c.includes('card_register_fnr'));

    // The fødselsnummer step, the issue's own proof: the UPDATE's parameters hold the number.
    since = h.logs.length;
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_register_fnr', request: await reload(h, r) });
    const fnrModal = await awaitModal(h, 'staff_register_fnr', opened);
    const submitFnr = () =>
      submitModal(h, { user: STAFF, callbackId: 'staff_register_fnr', privateMetadata: fnrModal.view.private_metadata, values: text('login_fnr', fnr) });
    await withFault('update', 'new.login_fnr is distinct from old.login_fnr', async () => {
      expectQuietAnswer(await submitFnr(), secrets);
      await expectLoggedSafely(secrets, since);
    });
    expect(await reload(h, r)).toMatchObject({ status: 'altinn_done', loginFnr: null });
    expect((await submitFnr()).text).toBe('');
    expect((await reload(h, r)).status).toBe('fnr_registered');

    since = h.logs.length;
    const preview = await openConfirmationPreview(h, await reload(h, r), STAFF);
    await withFault('update', statusChangesTo('completed'), async () => {
      expectQuietAnswer(await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} }), secrets);
      await expectLoggedSafely(secrets, since);
    });
    expect((await reload(h, r)).status).toBe('fnr_registered');
    const sent = await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
    expect(sent.text).toBe('');
    await awaitThreadNote(h, r, (s) => s.includes('sendt på e-post'));
    expect(leaked(secrets)).toEqual([]);
  }, 60_000);

  it('fictitious enterprise, ask for information, reject: each fails cleanly and works on the next try', async () => {
    const { fields, secrets } = person(FICTITIOUS);
    const r = await fileAndAwaitCard(h, VENDOR_USER, fields);
    const openStep = async (actionId: string, callbackId: string) => {
      const opened = h.slack.callsOf('views.open').length;
      await clickCard(h, { user: STAFF, actionId, request: await reload(h, r) });
      return awaitModal(h, callbackId, opened);
    };

    let since = h.logs.length;
    const fictitious = await openStep('card_altinn', 'staff_fictitious_org');
    const org = text('fictitious_org_number', freshOrgNumber());
    await withFault('update', statusChangesTo('altinn_done'), async () => {
      expectQuietAnswer(await submitModal(h, { user: STAFF, callbackId: 'staff_fictitious_org', privateMetadata: fictitious.view.private_metadata, values: org }), secrets);
      await expectLoggedSafely(secrets, since);
    });
    expect((await reload(h, r)).status).toBe('submitted');
    expect((await submitModal(h, { user: STAFF, callbackId: 'staff_fictitious_org', privateMetadata: fictitious.view.private_metadata, values: org })).text).toBe('');

    since = h.logs.length;
    const ask = await openStep('card_ask_info', 'staff_ask_info');
    const question = text('question', `Kan ${fields.contact_email} bekrefte avtalen?`);
    await withFault('update', statusChangesTo('needs_info'), async () => {
      expectQuietAnswer(await submitModal(h, { user: STAFF, callbackId: 'staff_ask_info', privateMetadata: ask.view.private_metadata, values: question }), secrets);
      await expectLoggedSafely(secrets, since);
    });
    expect((await reload(h, r)).status).toBe('altinn_done');
    expect((await submitModal(h, { user: STAFF, callbackId: 'staff_ask_info', privateMetadata: ask.view.private_metadata, values: question })).text).toBe('');
    expect((await reload(h, r)).status).toBe('needs_info');

    since = h.logs.length;
    const reject = await openStep('card_reject', 'staff_reject');
    const reason = text('reason', `Ring ${fields.contact_phone} først.`);
    await withFault('update', statusChangesTo('rejected'), async () => {
      expectQuietAnswer(await submitModal(h, { user: STAFF, callbackId: 'staff_reject', privateMetadata: reject.view.private_metadata, values: reason }), secrets);
      await expectLoggedSafely(secrets, since);
    });
    expect((await reload(h, r)).status).toBe('needs_info');
    expect((await submitModal(h, { user: STAFF, callbackId: 'staff_reject', privateMetadata: reject.view.private_metadata, values: reason })).text).toBe('');
    expect((await reload(h, r)).status).toBe('rejected');
    expect(leaked(secrets)).toEqual([]);
  }, 60_000);
});
