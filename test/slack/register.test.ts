import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { requests } from '../../src/db/schema.js';
import { STAFF, TRIAGE, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { DELEGATION, FICTITIOUS, freshOrgNumber, openIntakeByButton, submitIntake } from '../support/intake.js';
import { enhet, startFakeRegister, type FakeRegister } from '../support/fakeRegister.js';
import { allText, awaitCard, awaitModal, awaitStored, clickCard, reload, submitModal, text } from '../support/triage.js';
import { blockActionPayload, plainInput } from '../support/slackRequests.js';

let h: Harness;
let reg: FakeRegister;
beforeAll(async () => {
  reg = await startFakeRegister();
  h = await startHarness({ env: { ENHETSREGISTERET_URL: reg.url } });
});
afterAll(async () => {
  await h?.stop();
  await reg?.close();
});

const found = (orgnr: string, navn: string, extra: Partial<Parameters<typeof enhet>[0]> = {}) =>
  reg.set(orgnr, { kind: 'ok', body: enhet({ organisasjonsnummer: orgnr, navn, ...extra }) });

async function submit(fields: typeof FICTITIOUS) {
  const modal = await openIntakeByButton(h, VENDOR_USER);
  const started = Date.now();
  const res = await submitIntake(h, { viewId: modal.id, privateMetadata: modal.view.private_metadata, user: VENDOR_USER, fields });
  return { res, ms: Date.now() - started, modal };
}

const rowFor = async (orgnr: string) => (await h.db.database.db.select().from(requests).where(eq(requests.vendorOrgNumber, orgnr)))[0];
const cardFor = async (orgnr: string, pred: (c: string) => boolean) => {
  const r = await rowFor(orgnr);
  const ref = `TT02-${String(r!.number).padStart(4, '0')}`;
  const match = (a: Record<string, unknown>) => a.channel === TRIAGE && allText(a.blocks).includes(ref) && pred(allText(a.blocks));
  await Promise.any([h.slack.waitFor('chat.postMessage', match), h.slack.waitFor('chat.update', match)]);
  return awaitStored(h, r!.number);
};

describe('Enhetsregisteret at intake', () => {
  it('a known enterprise is verified; a different register name is kept and marked on the card', async () => {
    const orgnr = freshOrgNumber();
    found(orgnr, 'ACME REGNSKAP AS');
    const { res } = await submit({ ...FICTITIOUS, vendor_org_number: orgnr, vendor_org_name: 'Acme Consulting' });
    expect((res.body as { response_action: string }).response_action).toBe('update');
    const row = await rowFor(orgnr);
    expect(row).toMatchObject({ verification: 'verified', vendorOrgName: 'Acme Consulting', vendorRegister: { name: 'ACME REGNSKAP AS' } });
    await cardFor(orgnr, (c) => c.includes('Enhetsregisteret: ACME REGNSKAP AS') && c.includes('sjekket mot Enhetsregisteret'));
  });

  it('a blank name is filled in from the register', async () => {
    const orgnr = freshOrgNumber();
    found(orgnr, 'NAVNLØS LEVERANDØR AS');
    await submit({ ...FICTITIOUS, vendor_org_number: orgnr, vendor_org_name: '' });
    expect((await rowFor(orgnr))!.vendorOrgName).toBe('NAVNLØS LEVERANDØR AS');
  });

  it.each([
    ['unknown (404)', { kind: 'not_found' as const }, 'Finner ikke'],
    ['removed (410)', { kind: 'removed' as const }, 'fjernet'],
  ])('an %s vendor number is refused at its field', async (_label, behaviour, message) => {
    const orgnr = freshOrgNumber();
    reg.set(orgnr, behaviour);
    const { res } = await submit({ ...FICTITIOUS, vendor_org_number: orgnr });
    expect(res.body).toMatchObject({ response_action: 'errors', errors: { vendor_org_number: expect.stringContaining(message) } });
    expect(await rowFor(orgnr)).toBeUndefined();
  });

  it('a deleted enterprise (slettedato) is refused, also as the customer', async () => {
    const vendor = freshOrgNumber();
    const customer = freshOrgNumber();
    found(vendor, 'LEVERANDØR AS');
    found(customer, 'SLETTET KUNDE AS', { slettedato: '2024-01-31' });
    const { res } = await submit({ ...DELEGATION, vendor_org_number: vendor, customer_org_number: customer });
    expect(res.body).toMatchObject({ response_action: 'errors', errors: { customer_org_number: expect.stringContaining('slettet') } });
  });

  it('bankrupt and winding-up enterprises are accepted and flagged on the card', async () => {
    const vendor = freshOrgNumber();
    const customer = freshOrgNumber();
    found(vendor, 'KONKURS AS', { konkurs: true });
    found(customer, 'AVVIKLES AS', { underAvvikling: true });
    await submit({ ...DELEGATION, vendor_org_number: vendor, customer_org_number: customer, vendor_org_name: 'KONKURS AS', customer_org_name: 'AVVIKLES AS' });
    await cardFor(vendor, (c) => c.includes('Konkurs') && c.includes('Under avvikling'));
  });

  it.each([
    ['hangs', { kind: 'ok' as const, body: {}, delayMs: 10_000 }],
    ['answers 500', { kind: 'status' as const, status: 500 }],
    ['sends malformed JSON', { kind: 'malformed' as const }],
  ])('when the register %s, intake still answers in time and the request is marked not verified', async (_label, behaviour) => {
    const orgnr = freshOrgNumber();
    reg.set(orgnr, behaviour);
    const { res, ms } = await submit({ ...FICTITIOUS, vendor_org_number: orgnr });
    expect((res.body as { response_action: string }).response_action).toBe('update');
    expect(ms).toBeLessThan(2500);
    expect((await rowFor(orgnr))!.verification).toBe('not_verified');
    await cardFor(orgnr, (c) => c.includes('Ikke verifisert') && c.includes('card_recheck_register'));
  });

  it('staff can re-check a request that was not verified once the register answers', async () => {
    const orgnr = freshOrgNumber();
    reg.set(orgnr, { kind: 'status', status: 503 });
    await submit({ ...FICTITIOUS, vendor_org_number: orgnr, vendor_org_name: 'Acme Regnskap AS' });
    const r = await cardFor(orgnr, (c) => c.includes('card_recheck_register'));
    found(orgnr, 'ACME REGNSKAP AS');
    await clickCard(h, { user: STAFF, actionId: 'card_recheck_register', request: r });
    await awaitCard(h, r, (c) => c.includes('sjekket mot Enhetsregisteret') && !c.includes('card_recheck_register'));
    expect((await reload(h, r)).verification).toBe('verified');
  });

  it('a fictitious enterprise’s number, registered by staff, is not looked up in the production register', async () => {
    const orgnr = freshOrgNumber();
    found(orgnr, 'LEVERANDØR AS');
    await submit({ ...FICTITIOUS, vendor_org_number: orgnr, vendor_org_name: 'Leverandør AS' });
    const r = await cardFor(orgnr, () => true);
    const fictitious = freshOrgNumber();
    const opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_altinn', request: r });
    const modal = await awaitModal(h, 'staff_fictitious_org', opened);
    await submitModal(h, { user: STAFF, callbackId: 'staff_fictitious_org', privateMetadata: modal.view.private_metadata, values: text('fictitious_org_number', fictitious) });
    expect((await reload(h, r)).fictitiousOrgNumber).toBe(fictitious);
    expect(reg.hits(fictitious)).toBe(0);
  });

  it('typing the number looks it up early, so submitting asks the register no more', async () => {
    const orgnr = freshOrgNumber();
    found(orgnr, 'TIDLIG AS');
    const modal = await openIntakeByButton(h, VENDOR_USER);
    const answered = reg.answered(orgnr);
    await h.send.interactive(
      blockActionPayload({
        user: { id: VENDOR_USER, team_id: 'TVENDOR01' },
        view: { id: modal.id, callback_id: 'tt02_intake', private_metadata: modal.view.private_metadata, state: { values: { vendor_org_number: { vendor_org_number: plainInput(orgnr) } } } },
        action: { action_id: 'vendor_org_number', block_id: 'vendor_org_number', type: 'plain_text_input', value: orgnr },
      }),
    );
    await answered;
    await submitIntake(h, { viewId: modal.id, privateMetadata: modal.view.private_metadata, user: VENDOR_USER, fields: { ...FICTITIOUS, vendor_org_number: orgnr } });
    expect(reg.hits(orgnr)).toBe(1);
    expect((await rowFor(orgnr))!.verification).toBe('verified');
  });

  it('the modal dispatches the number fields and lets names be left blank', async () => {
    const modal = await openIntakeByButton(h, VENDOR_USER);
    const blocks = modal.view.blocks as { block_id?: string; dispatch_action?: boolean; optional?: boolean }[];
    expect(blocks.find((b) => b.block_id === 'vendor_org_number')!.dispatch_action).toBe(true);
    expect(blocks.find((b) => b.block_id === 'vendor_org_name')!.optional).toBe(true);
  });
});
