import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { requests } from '../../src/db/schema.js';
import { localeFromSlack } from '../../src/domain/texts/index.js';
import { OTHER_VENDOR_CHANNEL, VENDOR_CHANNEL, VENDOR_USER, VENDOR_USER_EN, startHarness, type Harness } from '../support/harness.js';
import { enhet, startFakeRegister, type FakeRegister } from '../support/fakeRegister.js';
import { FICTITIOUS, freshOrgNumber, openIntakeByButton, stateValues, submitIntake, type IntakeFields } from '../support/intake.js';
import { blockActionPayload } from '../support/slackRequests.js';
import { allText, byNumber } from '../support/triage.js';

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

type Block = { type: string; block_id?: string; elements?: { text?: string }[]; element?: { initial_value?: string; action_id?: string }; text?: { text: string } };
type Modal = Awaited<ReturnType<typeof openIntakeByButton>>;

/** What the modal shows now (as last sent by the app). */
const shown = (modal: Modal) => h.slack.view(modal.id)!.view as { blocks: Block[]; title: { text: string }; private_metadata: string };
const noteUnder = (modal: Modal, field: string) => shown(modal).blocks.find((b) => b.block_id === `${field}_register`)?.elements?.[0]?.text;
const initial = (view: { blocks: Block[] }, field: string) => view.blocks.find((b) => b.block_id === field)?.element?.initial_value;

/** A block action in the modal exactly as Slack sends it: the current view, its hash, and what is typed. */
function act(modal: Modal, user: string, action: Record<string, unknown> & { action_id: string }, fields: IntakeFields, hash?: string) {
  const stored = h.slack.view(modal.id)!;
  const view = stored.view as { blocks: unknown[]; private_metadata: string };
  return h.send.interactive(
    blockActionPayload({
      user: { id: user, team_id: 'TVENDOR01' },
      view: { id: modal.id, callback_id: 'tt02_intake', private_metadata: view.private_metadata, blocks: view.blocks, hash: hash ?? stored.hash, state: { values: stateValues(fields) } },
      action: { block_id: action.action_id, ...action },
    } as Parameters<typeof blockActionPayload>[0]),
  );
}

const typeNumber = (modal: Modal, orgnr: string, hash?: string) =>
  act(modal, VENDOR_USER, { action_id: 'vendor_org_number', type: 'plain_text_input', value: orgnr }, { vendor_org_number: orgnr }, hash);

const updatesOf = (modal: Modal) => h.slack.callsOf('views.update').filter((c) => c.args.view_id === modal.id);

describe('the register’s answer under the organisation number, as it is typed', () => {
  it('shows "✓ NAME, place" once the register answers, and the acknowledgement never waits for it', async () => {
    const orgnr = freshOrgNumber();
    reg.set(orgnr, { kind: 'ok', body: enhet({ organisasjonsnummer: orgnr, navn: 'NORDLYS REGNSKAP AS', poststed: 'OSLO' }), delayMs: 1000 });
    const modal = await openIntakeByButton(h, VENDOR_USER, OTHER_VENDOR_CHANNEL);
    const hash = h.slack.view(modal.id)!.hash;
    const started = Date.now();
    const res = await typeNumber(modal, orgnr);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(900);
    const update = await h.slack.waitFor('views.update', (a) => a.view_id === modal.id && allText(a.view).includes('NORDLYS'), 5000);
    expect(update.args.hash).toBe(hash);
    expect(noteUnder(modal, 'vendor_org_number')).toBe(':white_check_mark: NORDLYS REGNSKAP AS, Oslo');
    // What was typed is kept.
    expect(initial(shown(modal), 'vendor_org_number')).toBe(orgnr);
  });

  it.each([
    ['unknown', { kind: 'not_found' as const }, 'Finnes ikke i Enhetsregisteret'],
    ['bankrupt', { kind: 'ok' as const, body: {} }, 'konkurs'],
  ])('says so when the enterprise is %s', async (label, behaviour, expected) => {
    const orgnr = freshOrgNumber();
    reg.set(orgnr, label === 'bankrupt' ? { kind: 'ok', body: enhet({ organisasjonsnummer: orgnr, navn: 'FALLITT AS', konkurs: true }) } : behaviour);
    const modal = await openIntakeByButton(h, VENDOR_USER, OTHER_VENDOR_CHANNEL);
    await typeNumber(modal, orgnr);
    await h.slack.waitFor('views.update', (a) => a.view_id === modal.id && allText(a.view).includes(expected));
    expect(noteUnder(modal, 'vendor_org_number')).toContain(expected);
  });

  it('an incomplete number shows nothing and costs no update; a wrong check digit is said at once', async () => {
    const modal = await openIntakeByButton(h, VENDOR_USER, OTHER_VENDOR_CHANNEL);
    const before = updatesOf(modal).length;
    await typeNumber(modal, '97476');
    await typeNumber(modal, '974760674');
    await h.slack.waitFor('views.update', (a) => a.view_id === modal.id && allText(a.view).includes('Kontrollsifferet stemmer ikke'));
    expect(updatesOf(modal).length).toBe(before + 1);
  });

  it('an answer that comes after the user moved the modal on is dropped quietly (stale hash)', async () => {
    const orgnr = freshOrgNumber();
    reg.set(orgnr, { kind: 'ok', body: enhet({ organisasjonsnummer: orgnr, navn: 'SEIN AS' }), delayMs: 400 });
    const modal = await openIntakeByButton(h, VENDOR_USER, OTHER_VENDOR_CHANNEL);
    const hash = h.slack.view(modal.id)!.hash;
    await typeNumber(modal, orgnr, hash);
    // Meanwhile the access type is switched: the modal gets a new hash.
    await act(modal, VENDOR_USER, { action_id: 'access_type', type: 'radio_buttons', selected_option: { value: 'customer_delegation' } }, { vendor_org_number: orgnr, access_type: 'customer_delegation' }, hash);
    await h.slack.waitFor('views.update', (a) => a.view_id === modal.id && allText(a.view).includes('customer_org_number'));
    const stale = await h.slack.waitFor('views.update', (a) => a.view_id === modal.id && allText(a.view).includes('SEIN AS'));
    expect(stale.response).toMatchObject({ ok: false, error: 'hash_conflict' });
    expect(allText(shown(modal))).toContain('customer_org_number');
    expect(h.logs.join('\n')).not.toContain('listener failed');
  });
});

describe('the language of the modal, the thread and the emails', () => {
  it.each([
    ['nb-NO', 'nb'],
    ['nn-NO', 'nb'],
    ['sv-SE', 'nb'],
    ['da-DK', 'nb'],
    ['en-GB', 'en'],
    ['de-DE', 'en'],
    ['fi-FI', 'en'],
    ['ja-JP', 'en'],
  ])('Slack locale %s gives %s', (slack, locale) => {
    expect(localeFromSlack(slack)).toBe(locale);
  });

  it('the "English" switch turns the modal to English, keeps what was typed, and the request keeps English', async () => {
    const modal = await openIntakeByButton(h, VENDOR_USER, OTHER_VENDOR_CHANNEL);
    expect(shown(modal).title.text).toBe('Tilgang til TT02');
    const orgnr = freshOrgNumber();
    reg.set(orgnr, { kind: 'ok', body: enhet({ organisasjonsnummer: orgnr, navn: 'ENGELSK AS' }) });
    const fields = { ...FICTITIOUS, vendor_org_number: orgnr, contact_name: 'Ola Nordmann' };
    await act(modal, VENDOR_USER, { action_id: 'intake_language', type: 'button', value: 'en' }, fields);
    await h.slack.waitFor('views.update', (a) => a.view_id === modal.id && allText(a.view).includes('TT02 access'));
    const en = shown(modal);
    expect(en.title.text).toBe('TT02 access');
    expect(initial(en, 'contact_name')).toBe('Ola Nordmann');
    expect(allText(en.blocks)).toContain('"text":"Norsk"');
    expect(JSON.parse(en.private_metadata)).toMatchObject({ locale: 'en' });

    const res = await submitIntake(h, { viewId: modal.id, privateMetadata: en.private_metadata, user: VENDOR_USER, fields });
    expect(allText(res.body)).toContain('Thank you!');
    const [row] = await h.db.database.db.select().from(requests).where(eq(requests.vendorOrgNumber, orgnr));
    expect(row!.locale).toBe('en');
    const receipt = await h.slack.waitFor('chat.postMessage', (a) => a.channel === OTHER_VENDOR_CHANNEL && allText(a.blocks).includes(`TT02-${String(row!.number).padStart(4, '0')}`));
    expect(allText(receipt.args.blocks)).toContain('requested TT02 access');
    await byNumber(h, row!.number);
  });
});

describe('pre-filling from the vendor’s last request in the channel', () => {
  it('fills in the organisation and, for the same person, the contact; a colleague gets the organisation only; another channel nothing', async () => {
    const orgnr = freshOrgNumber();
    reg.set(orgnr, { kind: 'ok', body: enhet({ organisasjonsnummer: orgnr, navn: 'FORRIGE AS', poststed: 'BERGEN' }) });
    const first = await openIntakeByButton(h, VENDOR_USER);
    const fields = { ...FICTITIOUS, vendor_org_number: orgnr, vendor_org_name: 'Forrige AS', contact_email: 'prefill@forrige.no' };
    const res = await submitIntake(h, { viewId: first.id, privateMetadata: first.view.private_metadata, user: VENDOR_USER, fields });
    const ref = /TT02-\d{4}/.exec(allText(res.body))![0];
    await h.slack.waitFor('chat.postMessage', (a) => a.channel === VENDOR_CHANNEL && allText(a.blocks).includes(ref));

    const again = await openIntakeByButton(h, VENDOR_USER);
    expect(initial(again.view as { blocks: Block[] }, 'vendor_org_number')).toBe(orgnr);
    expect(initial(again.view as { blocks: Block[] }, 'vendor_org_name')).toBe('Forrige AS');
    expect(initial(again.view as { blocks: Block[] }, 'contact_name')).toBe('Kari Nordmann');
    expect(initial(again.view as { blocks: Block[] }, 'contact_email')).toBe('prefill@forrige.no');
    expect(initial(again.view as { blocks: Block[] }, 'contact_phone')).toBe('+4741234567');
    // The register already answered for this number: its line shows at once.
    expect(allText(again.view)).toContain('FORRIGE AS, Bergen');

    const colleague = await openIntakeByButton(h, VENDOR_USER_EN);
    expect(initial(colleague.view as { blocks: Block[] }, 'vendor_org_number')).toBe(orgnr);
    expect(initial(colleague.view as { blocks: Block[] }, 'contact_email')).toBeUndefined();
    expect(allText(colleague.view)).not.toContain('prefill@forrige.no');

    const elsewhere = await openIntakeByButton(h, VENDOR_USER, OTHER_VENDOR_CHANNEL);
    expect(allText(elsewhere.view)).not.toContain(orgnr);
  });

  it('a request another instance stored fills the modal from the first open: the pre-fill is read on every open', async () => {
    const channel = 'CPREFILL01';
    const user = 'UPREFILL01';
    h.slack.setChannel(channel, { name: 'ext-prefill', is_ext_shared: true, is_shared: true });
    h.slack.setUser(user, { team_id: 'TVENDOR01', locale: 'nb-NO', is_stranger: true });
    const orgnr = freshOrgNumber();
    await h.db.database.db.insert(requests).values({
      status: 'completed',
      accessType: 'fictitious_enterprise',
      vendorOrgNumber: orgnr,
      vendorOrgName: 'Annen Instans AS',
      contactName: 'Kari Nordmann',
      contactEmail: 'annen@instans.no',
      contactPhone: '+4741234567',
      requesterUserId: user,
      channelId: channel,
      submissionKey: `prefill-${orgnr}`,
    });

    const modal = await openIntakeByButton(h, user, channel);
    expect(initial(modal.view as { blocks: Block[] }, 'vendor_org_number')).toBe(orgnr);
    expect(initial(modal.view as { blocks: Block[] }, 'contact_email')).toBe('annen@instans.no');
  });
});
