/**
 * The same step modal submitted twice: a user submitting again after Slack showed a timeout (the
 * first answer was slow, the step already committed), or a retried delivery. One view id is one step:
 * done once, and the repeat closes the modal like the first, instead of telling the user that
 * "someone else" changed the request. A colleague's own modal for the step is still told it is stale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF, STAFF_2, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { DELEGATION, FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { generate } from '../support/fnr.js';
import { viewSubmissionPayload, type StateValues } from '../support/slackRequests.js';
import {
  advanceToFnrRegistered,
  allText,
  awaitCard,
  awaitModal,
  clickCard,
  clickVendorButton,
  eventsOf,
  fileAndAwaitCard,
  openConfirmationPreview,
  reload,
  text,
} from '../support/triage.js';
import type { RequestRow } from '../../src/db/schema.js';
import { texts } from '../../src/domain/texts/index.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** A view submission as Slack sends it; `retry` adds the headers of a redelivery. */
function submit(o: { user: string; viewId: string; callbackId: string; privateMetadata: string; values: StateValues; retry?: number; team?: string }) {
  return h.send.interactive(
    viewSubmissionPayload({
      user: { id: o.user, team_id: o.team ?? 'THOST' },
      view: { id: o.viewId, callback_id: o.callbackId, private_metadata: o.privateMetadata, state: { values: o.values } },
    }),
    o.retry ? { headers: { 'x-slack-retry-num': String(o.retry), 'x-slack-retry-reason': 'http_timeout' } } : {},
  );
}

/** Files a fictitious-enterprise request and records its Altinn step: the card offers the fødselsnummer step. */
async function atAltinnDone(): Promise<RequestRow> {
  const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
  const opened = h.slack.callsOf('views.open').length;
  await clickCard(h, { user: STAFF, actionId: 'card_altinn', request: r });
  const m = await awaitModal(h, 'staff_fictitious_org', opened);
  const res = await submit({ user: STAFF, viewId: m.id, callbackId: 'staff_fictitious_org', privateMetadata: m.view.private_metadata, values: text('fictitious_org_number', '991825827') });
  expect(res.text).toBe('');
  await awaitCard(h, r, (c) => c.includes('card_register_fnr'));
  return reload(h, r);
}

async function openFnrModal(r: RequestRow, user: string) {
  const opened = h.slack.callsOf('views.open').length;
  await clickCard(h, { user, actionId: 'card_register_fnr', request: r });
  return awaitModal(h, 'staff_register_fnr', opened);
}

const kinds = async (r: RequestRow, kind: string) => (await eventsOf(h, r)).filter((e) => e.kind === kind);

describe('a step modal submitted twice', () => {
  it('the fødselsnummer modal submitted again (a redelivery, then the user once more) is one step, and every answer closes the modal', async () => {
    const r = await atAltinnDone();
    const m = await openFnrModal(r, STAFF);
    const form = { user: STAFF, viewId: m.id, callbackId: 'staff_register_fnr', privateMetadata: m.view.private_metadata, values: text('login_fnr', generate('228190', 0, 1)) };

    const answers = [await submit(form), await submit({ ...form, retry: 1 }), await submit(form)];
    expect(answers.map((a) => [a.status, a.text])).toEqual([
      [200, ''],
      [200, ''],
      [200, ''],
    ]);
    expect((await reload(h, r)).status).toBe('fnr_registered');
    expect(await kinds(r, 'fnr_registered')).toHaveLength(1);
  });

  it('the same modal submitted twice at once is one step, and neither answer tells of someone else', async () => {
    const r = await atAltinnDone();
    const m = await openFnrModal(r, STAFF);
    const form = { user: STAFF, viewId: m.id, callbackId: 'staff_register_fnr', privateMetadata: m.view.private_metadata, values: text('login_fnr', generate('228190', 0, 2)) };

    const answers = await Promise.all([submit(form), submit({ ...form, retry: 1 })]);
    expect(answers.map((a) => [a.status, a.text])).toEqual([
      [200, ''],
      [200, ''],
    ]);
    expect(await kinds(r, 'fnr_registered')).toHaveLength(1);
  });

  it("a colleague's own modal for a step already done is still told who got there first", async () => {
    const r = await atAltinnDone();
    const mine = await openFnrModal(r, STAFF);
    const theirs = await openFnrModal(r, STAFF_2);
    expect(theirs.id).not.toBe(mine.id);
    const values = text('login_fnr', generate('228190', 0, 3));
    expect((await submit({ user: STAFF, viewId: mine.id, callbackId: 'staff_register_fnr', privateMetadata: mine.view.private_metadata, values })).text).toBe('');

    const late = await submit({ user: STAFF_2, viewId: theirs.id, callbackId: 'staff_register_fnr', privateMetadata: theirs.view.private_metadata, values });
    expect(late.text).toContain(`Noen andre har nettopp endret TT02-${String(r.number).padStart(4, '0')} (nå: Fødselsnummer registrert)`);
    expect(await kinds(r, 'fnr_registered')).toHaveLength(1);
  });

  it('the confirmation preview submitted again sends one email and closes both times', async () => {
    const contact = `repeat.${Date.now()}@acme.no`;
    const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...DELEGATION, contact_email: contact, vendor_org_number: freshOrgNumber(), customer_org_number: freshOrgNumber() });
    const r = await advanceToFnrRegistered(h, r0, STAFF, generate('228190', 0, 4));
    const preview = await openConfirmationPreview(h, r, STAFF);
    const form = { user: STAFF, viewId: preview.id, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} };

    expect((await submit(form)).text).toBe('');
    expect((await submit({ ...form, retry: 1 })).text).toBe('');
    await awaitCard(h, r, (c) => c.includes(':email: Sendt'));
    expect(h.smtp.messages.filter((m) => m.envelope.to.includes(contact))).toHaveLength(1);
    expect(await kinds(r, 'completed')).toHaveLength(1);
  });
});

describe("the vendor's answer submitted twice", () => {
  it('is one answer: the repeat is thanked like the first, not told that there is no open question', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    let opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_ask_info', request: r });
    const ask = await awaitModal(h, 'staff_ask_info', opened);
    expect((await submit({ user: STAFF, viewId: ask.id, callbackId: 'staff_ask_info', privateMetadata: ask.view.private_metadata, values: text('question', 'Hvilken kunde?') })).text).toBe('');

    opened = h.slack.callsOf('views.open').length;
    await clickVendorButton(h, { user: VENDOR_USER, actionId: 'answer_info', request: await reload(h, r) });
    const m = await awaitModal(h, 'vendor_answer_info', opened);
    const form = { user: VENDOR_USER, team: 'TVENDOR01', viewId: m.id, callbackId: 'vendor_answer_info', privateMetadata: m.view.private_metadata, values: text('answer', 'Fjordkode AS') };
    const answers = [await submit(form), await submit({ ...form, retry: 1 })];
    const thanks = texts('nb').answerModal.thanks;
    for (const a of answers) expect(allText(a.body)).toContain(thanks);
    expect(await kinds(r, 'info_answered')).toHaveLength(1);
    expect((await reload(h, r)).lastAnswer).toBe('Fjordkode AS');
  });
});
