import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestEvents, requests } from '../../src/db/schema.js';
import { eq } from 'drizzle-orm';
import {
  INTERNAL_CHANNEL,
  STAFF,
  TRIAGE,
  VENDOR_CHANNEL,
  VENDOR_USER,
  VENDOR_USER_EN,
  startHarness,
  type Harness,
} from '../support/harness.js';
import { DELEGATION, FICTITIOUS, ORG, fileRequest, openIntakeByButton, submitIntake } from '../support/intake.js';
import { blockActionPayload, checkboxes, emailInput, plainInput, radio, signSlackRequest } from '../support/slackRequests.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

type Block = { type: string; block_id?: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text?: string | { text: string } }[]; element?: Record<string, unknown> };
const allText = (blocks: unknown): string => JSON.stringify(blocks);
/** Every string Slack would parse as mrkdwn (where <!channel> and <url|text> take effect). */
function mrkdwnTexts(blocks: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out.join('\n');
}
const blockIds = (view: { blocks: unknown[] }) => (view.blocks as Block[]).map((b) => b.block_id).filter(Boolean);

describe('opening the intake modal', () => {
  it('the slash command opens the modal with the command’s trigger, stating that only test access is available', async () => {
    const res = await h.send.command({ command: '/tt02-access', text: '', user_id: STAFF, channel_id: VENDOR_CHANNEL });
    expect(res.status).toBe(200);
    const call = await h.slack.waitFor('views.open', (a) => a.trigger_id !== undefined);
    const view = call.args.view as { blocks: unknown[]; callback_id: string; title: { text: string } };
    expect(view.callback_id).toBe('tt02_intake');
    expect(allText(view.blocks)).toContain('testmiljøet TT02');
    expect(allText(view.blocks)).toContain('produksjonsmiljøet er ikke åpnet');
    expect(blockIds(view)).toEqual(
      expect.arrayContaining(['vendor_org_number', 'vendor_org_name', 'contact_name', 'contact_email', 'contact_phone', 'access_type']),
    );
    expect(blockIds(view)).not.toContain('customer_org_number');
    const email = (view.blocks as Block[]).find((b) => b.block_id === 'contact_email')!;
    expect(email.element!.type).toBe('email_text_input');
    const access = (view.blocks as Block[]).find((b) => b.block_id === 'access_type') as Block & { dispatch_action?: boolean };
    expect(access.dispatch_action).toBe(true);
  });

  it('opens at once without waiting for Slack to say the language, then turns the modal English before the user can type', async () => {
    const user = 'UVENDOREN1';
    h.slack.setUser(user, { team_id: 'TVENDOR01', locale: 'en-GB', is_stranger: true });
    // Slack is slow to say who the user is: the modal must not wait for it (the trigger lasts 3 s).
    h.slack.failNext('users.info', { delayMs: 600 });
    const modal = await openIntakeByButton(h, user);
    const lookup = await h.slack.waitFor('users.info', (a) => a.user === user);
    const open = h.slack.callsOf('views.open').find((c) => c.args.trigger_id === modal.triggerId)!;
    // Opened before Slack answered who the user is.
    expect(open.at).toBeLessThan(lookup.at + 600);
    expect((modal.view as unknown as { title: { text: string } }).title.text).toBe('Tilgang til TT02');

    // Corrected as soon as the language is known, guarded by the hash the open returned.
    const update = await h.slack.waitFor('views.update', (a) => a.view_id === modal.id);
    expect(update.args.hash).toBe((open.response.view as { hash: string }).hash);
    expect(update.response.ok).toBe(true);
    const last = h.slack.view(modal.id)!.view as { blocks: unknown[]; title: { text: string } };
    expect(last.title.text).toBe('TT02 access');
    expect(allText(last.blocks)).toContain('TT02 test environment');
    expect(JSON.parse(modal.view.private_metadata)).toMatchObject({ channelId: VENDOR_CHANNEL });

    // Known now: the next modal opens in English, with nothing to correct.
    const again = await openIntakeByButton(h, user);
    expect((again.view as unknown as { title: { text: string } }).title.text).toBe('TT02 access');
  });

  it("asks Slack for a new user's language at once when alone, a moment later while other vendors' modals are opening", async () => {
    const [first, second] = ['UVENDORNEW3', 'UVENDORNEW4'];
    for (const u of [first, second]) h.slack.setUser(u, { team_id: 'TVENDOR01', locale: 'nb-NO', is_stranger: true });
    // Slack is slow to answer the first open, so the second click comes while it is under way.
    h.slack.failNext('views.open', { delayMs: 800 });
    const firstModal = await openIntakeByButton(h, first);
    const firstOpen = h.slack.callsOf('views.open').find((c) => c.args.trigger_id === firstModal.triggerId)!;
    const firstLookup = await h.slack.waitFor('users.info', (a) => a.user === first);
    expect(firstLookup.at - firstOpen.at).toBeLessThan(200);

    const secondModal = await openIntakeByButton(h, second);
    const secondOpen = h.slack.callsOf('views.open').find((c) => c.args.trigger_id === secondModal.triggerId)!;
    const secondLookup = await h.slack.waitFor('users.info', (a) => a.user === second);
    // 300 ms after the open (LOCALE_LOOKUP_DELAY_MS); asked at once, it came within a few ms.
    expect(secondLookup.at - secondOpen.at).toBeGreaterThanOrEqual(200);
  });

  it('drops the language correction if the user has already changed the modal', async () => {
    const user = 'UVENDOREN2';
    h.slack.setUser(user, { team_id: 'TVENDOR01', locale: 'en-GB', is_stranger: true });
    h.slack.failNext('users.info', { delayMs: 1500 });
    const modal = await openIntakeByButton(h, user);
    // The user picks customer delegation before Slack has said the language: the app redraws the modal.
    await h.send.interactive(
      blockActionPayload({
        user: { id: user, team_id: 'TVENDOR01' },
        view: { id: modal.id, callback_id: 'tt02_intake', private_metadata: modal.view.private_metadata, hash: h.slack.view(modal.id)!.hash, state: { values: { access_type: { access_type: radio('customer_delegation') } } } },
        action: { action_id: 'access_type', block_id: 'access_type', type: 'radio_buttons', selected_option: { value: 'customer_delegation' } },
      }),
    );
    const late = await h.slack.waitFor('views.update', (a) => a.view_id === modal.id && allText(a.view).includes('TT02 access'));
    expect(late.response).toMatchObject({ ok: false, error: 'hash_conflict' });
    const shown = h.slack.view(modal.id)!.view as { blocks: unknown[]; title: { text: string } };
    expect(blockIds(shown)).toContain('customer_org_number');
    expect(shown.title.text).toBe('Tilgang til TT02');
  });

  it('choosing customer delegation adds the customer fields and the production-data notice, keeping what was typed; switching back removes them', async () => {
    const modal = await openIntakeByButton(h, VENDOR_USER);
    const typed = {
      vendor_org_number: { vendor_org_number: plainInput('974760673') },
      vendor_org_name: { vendor_org_name: plainInput('Acme AS') },
      contact_name: { contact_name: plainInput('Kari') },
      contact_email: { contact_email: emailInput('kari@acme.no') },
      contact_phone: { contact_phone: plainInput('41234567') },
      access_type: { access_type: radio('customer_delegation') },
    };
    const change = (value: string, values: typeof typed) =>
      h.send.interactive(
        blockActionPayload({
          user: { id: VENDOR_USER, team_id: 'TVENDOR01' },
          view: { id: modal.id, callback_id: 'tt02_intake', private_metadata: modal.view.private_metadata, hash: h.slack.view(modal.id)!.hash, state: { values } },
          action: { action_id: 'access_type', block_id: 'access_type', type: 'radio_buttons', selected_option: { value } },
        }),
      );
    const n = h.slack.callsOf('views.update').length;
    await change('customer_delegation', typed);
    await h.slack.waitFor('views.update', () => h.slack.callsOf('views.update').length > n);
    const updated = h.slack.callsOf('views.update').at(-1)!.args.view as { blocks: Block[] };
    expect(blockIds(updated)).toEqual(
      expect.arrayContaining(['customer_org_number', 'customer_org_name', 'customer_email', 'customer_phone', 'production_data_ack']),
    );
    expect(allText(updated.blocks)).toContain('produksjonsdata om virksomheten inn i et testmiljø');
    const vendorNumber = updated.blocks.find((b) => b.block_id === 'vendor_org_number')!;
    expect(vendorNumber.element!.initial_value).toBe('974760673');
    const email = updated.blocks.find((b) => b.block_id === 'contact_email')!;
    expect(email.element!.initial_value).toBe('kari@acme.no');

    await change('fictitious_enterprise', { ...typed, access_type: { access_type: radio('fictitious_enterprise') } });
    await h.slack.waitFor('views.update', () => h.slack.callsOf('views.update').length > n + 1);
    const back = h.slack.callsOf('views.update').at(-1)!.args.view as { blocks: Block[] };
    expect(blockIds(back)).not.toContain('customer_org_number');
    expect(blockIds(back)).not.toContain('production_data_ack');
    expect(back.blocks.find((b) => b.block_id === 'contact_name')!.element!.initial_value).toBe('Kari');
  });

  it('refuses intake from a channel not shared with another organisation, with an ephemeral explanation', async () => {
    const res = await h.send.command({ command: '/tt02-access', text: '', user_id: STAFF, channel_id: INTERNAL_CHANNEL });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ response_type: 'ephemeral' });
    expect((res.body as { text: string }).text).toContain('delt med Brønnøysundregistrene');
  });

  it('a channel the app cannot see (not added there) is explained, and a submission from it is refused', async () => {
    const modal = await openIntakeByButton(h, VENDOR_USER, 'CUNSEEN01');
    await h.slack.waitFor('views.update', (a) => a.view_id === modal.id);
    expect(allText(h.slack.view(modal.id)!.view.blocks)).toContain('/invite');
    const res = await submitIntake(h, { viewId: modal.id, privateMetadata: modal.view.private_metadata, user: VENDOR_USER, fields: { ...FICTITIOUS, vendor_org_number: '974761076' } });
    expect(res.body).toMatchObject({ response_action: 'update' });
    expect(allText(res.body)).toContain('/invite');
    expect(await h.db.database.db.select().from(requests).where(eq(requests.channelId, 'CUNSEEN01'))).toHaveLength(0);
  });

  it('a button click in a channel that is not a vendor channel turns the modal into an explanation', async () => {
    const modal = await openIntakeByButton(h, VENDOR_USER, INTERNAL_CHANNEL);
    await h.slack.waitFor('views.update', (a) => a.view_id === modal.id);
    const shown = h.slack.view(modal.id)!.view as { blocks: unknown[]; submit?: unknown };
    expect(allText(shown.blocks)).toContain('delt med Brønnøysundregistrene');
    expect(shown.submit).toBeUndefined();
  });
});

describe('submitting the intake modal', () => {
  const errorsOf = (res: { body: unknown }) => (res.body as { response_action: string; errors: Record<string, string> });

  it.each([
    ['vendor_org_number', { vendor_org_number: '97476067' }, '9 siffer'],
    ['vendor_org_number', { vendor_org_number: '974760674' }, 'kontrollsifferet'],
    ['vendor_org_name', { vendor_org_name: ' A ' }, 'minst 2 tegn'],
    ['contact_name', { contact_name: '' }, 'Fyll ut'],
    ['contact_email', { contact_email: 'kari@' }, 'gyldig e-postadresse'],
    ['contact_phone', { contact_phone: '12' }, 'gyldig telefonnummer'],
    ['access_type', { access_type: '' as const }, 'Fyll ut'],
  ])('shows the error for %s next to the field (%j)', async (field, patch, message) => {
    const { res } = await fileRequest(h, VENDOR_USER, { ...FICTITIOUS, ...patch });
    expect(res.status).toBe(200);
    expect(errorsOf(res).response_action).toBe('errors');
    expect(Object.keys(errorsOf(res).errors)).toEqual([field]);
    expect(errorsOf(res).errors[field]).toContain(message);
  });

  it('checks the customer fields, the acknowledgement and that vendor and customer differ', async () => {
    const { res } = await fileRequest(h, VENDOR_USER, {
      ...DELEGATION,
      customer_org_number: DELEGATION.vendor_org_number,
      customer_phone: '22 22 22 22',
      customer_email: 'not-an-email',
      production_data_ack: false,
    });
    const { errors } = errorsOf(res);
    expect(errors.customer_org_number).toContain('annen virksomhet');
    expect(errors.customer_phone).toContain('mobilnummer');
    expect(errors.customer_email).toContain('gyldig e-postadresse');
    expect(errors.production_data_ack).toContain('produksjonsdata');
  });

  it('answers in English for an English-speaking user', async () => {
    const modal = await openIntakeByButton(h, VENDOR_USER_EN);
    // The user submits the modal as shown: turned English once Slack said the language.
    await h.slack.waitFor('views.update', (a) => a.view_id === modal.id);
    const shown = h.slack.view(modal.id)!.view as { private_metadata: string };
    const res = await submitIntake(h, { viewId: modal.id, privateMetadata: shown.private_metadata, user: VENDOR_USER_EN, fields: { ...FICTITIOUS, contact_email: 'nope' } });
    expect(errorsOf(res).errors.contact_email).toBe('Enter a valid email address, for example name@company.com.');
  });

  it('stores a valid fictitious-enterprise request, posts a receipt without personal data and a full triage card', async () => {
    // A name that would ping or carry a link is refused at the form (see parseName); what Slack would
    // still read as markup (&, *bold*) is escaped where it is shown.
    const refused = await fileRequest(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: ORG.digdir, vendor_org_name: '<!channel> Acme <https://evil.example|klikk>' });
    expect(errorsOf(refused.res).errors.vendor_org_name).toBe('Skriv bare navnet, uten nettadresse, e-postadresse eller tegn som / : @ < >.');
    const { res } = await fileRequest(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: ORG.digdir, vendor_org_name: 'Acme & Co AS' });
    expect(res.status).toBe(200);
    const body = res.body as { response_action: string; view: { blocks: unknown[] } };
    expect(body.response_action).toBe('update');
    const ref = /TT02-\d{4}/.exec(allText(body.view.blocks))![0];

    const [row] = await h.db.database.db.select().from(requests).where(eq(requests.vendorOrgNumber, ORG.digdir));
    expect(row).toMatchObject({
      status: 'submitted',
      accessType: 'fictitious_enterprise',
      contactEmail: 'kari@acme.no',
      contactPhone: '+4741234567',
      requesterUserId: VENDOR_USER,
      requesterTeamId: 'TVENDOR01',
      channelId: VENDOR_CHANNEL,
      customerOrgNumber: null,
    });
    expect(`TT02-${String(row!.number).padStart(4, '0')}`).toBe(ref);
    const events = await h.db.database.db.select().from(requestEvents).where(eq(requestEvents.requestId, row!.id));
    expect(events.map((e) => e.kind)).toEqual(['submitted']);

    const receipt = await h.slack.waitFor('chat.postMessage', (a) => a.channel === VENDOR_CHANNEL && allText(a.blocks).includes(ref));
    const receiptText = allText(receipt.args.blocks) + String(receipt.args.text);
    expect(receiptText).toContain('Fiktiv virksomhet');
    expect(receiptText).not.toContain('kari@acme.no');
    expect(receiptText).not.toContain('41234567');
    expect(receiptText).not.toContain('412 34 567');
    expect(receiptText).not.toContain('Kari Nordmann');
    expect(mrkdwnTexts(receipt.args.blocks) + String(receipt.args.text)).not.toContain('<!channel>');
    expect(receiptText).toContain('Acme &amp; Co AS');

    const card = await h.slack.waitFor('chat.postMessage', (a) => a.channel === TRIAGE && allText(a.blocks).includes(ref));
    const cardText = allText(card.args.blocks);
    expect(cardText).toContain('kari@acme.no');
    expect(cardText).toContain('+4741234567');
    expect(cardText).toContain('Kari Nordmann');
    expect(cardText).toContain('Fiktiv virksomhet');
    expect(cardText).toContain('Mottatt');
    expect(mrkdwnTexts(card.args.blocks)).toContain('Acme &amp; Co AS');
    expect(mrkdwnTexts(card.args.blocks)).not.toContain('&amp;amp;');
    // The card links to the receipt.
    const receiptTs = (receipt.response as { ts: string }).ts;
    expect(cardText).toContain(receiptTs.replace('.', ''));
  });

  it('stores a valid customer-delegation request with the customer and the acknowledgement', async () => {
    const { res } = await fileRequest(h, VENDOR_USER, { ...DELEGATION, vendor_org_number: ORG.digdir, customer_org_number: '923609016' });
    expect((res.body as { response_action: string }).response_action).toBe('update');
    const [row] = await h.db.database.db.select().from(requests).where(eq(requests.customerOrgNumber, '923609016'));
    expect(row).toMatchObject({
      accessType: 'customer_delegation',
      customerOrgName: 'Kunde Bakeri AS',
      customerEmail: 'post@kundebakeri.no',
      customerPhone: '+4798765432',
      productionDataAck: true,
    });
    const ref = `TT02-${String(row!.number).padStart(4, '0')}`;
    const card = await h.slack.waitFor('chat.postMessage', (a) => a.channel === TRIAGE && allText(a.blocks).includes(ref));
    expect(allText(card.args.blocks)).toContain('Delegering fra eksisterende kunde');
    expect(allText(card.args.blocks)).toContain('post@kundebakeri.no');
    const receipt = await h.slack.waitFor('chat.postMessage', (a) => a.channel === VENDOR_CHANNEL && allText(a.blocks).includes(ref));
    expect(allText(receipt.args.blocks)).not.toContain('kundebakeri.no');
    expect(allText(receipt.args.blocks)).not.toContain('98765432');
  });

  it('the same view submitted twice (Slack retry, double click) creates one request', async () => {
    const fields = { ...FICTITIOUS, vendor_org_number: '889640782' };
    const modal = await openIntakeByButton(h, VENDOR_USER);
    const submit = () => submitIntake(h, { viewId: modal.id, privateMetadata: modal.view.private_metadata, user: VENDOR_USER, fields });
    const [a, b] = await Promise.all([submit(), submit()]);
    const c = await submit();
    const refs = [a, b, c].map((r) => /TT02-\d{4}/.exec(allText(r.body))?.[0]);
    expect(new Set(refs).size).toBe(1);
    const rows = await h.db.database.db.select().from(requests).where(eq(requests.vendorOrgNumber, '889640782'));
    expect(rows).toHaveLength(1);
  });

  it('an open request for the same vendor is pointed out with its reference instead of creating another', async () => {
    const fields = { ...FICTITIOUS, vendor_org_number: '923609016' };
    const first = await fileRequest(h, VENDOR_USER, fields);
    const ref = /TT02-\d{4}/.exec(allText(first.res.body))![0];
    const second = await fileRequest(h, VENDOR_USER, fields);
    expect(second.res.body).toMatchObject({ response_action: 'errors' });
    expect((second.res.body as { errors: Record<string, string> }).errors.vendor_org_number).toContain(ref);
    const rows = await h.db.database.db.select().from(requests).where(eq(requests.vendorOrgNumber, '923609016'));
    expect(rows).toHaveLength(1);
  });

  it('never writes contact details to the logs', () => {
    const all = h.logs.join('\n');
    expect(all).not.toContain('kari@acme.no');
    expect(all).not.toContain('4741234567');
    expect(all).not.toContain('post@kundebakeri.no');
  });
});

describe('request authenticity', () => {
  it('rejects a forged signature and a stale timestamp with 401', async () => {
    const body = new URLSearchParams({ command: '/tt02-access', text: '', user_id: STAFF, channel_id: VENDOR_CHANNEL, trigger_id: 't' }).toString();
    const forged = await h.send.raw(body, 'application/x-www-form-urlencoded', { signature: signSlackRequest('wrong-secret', Math.floor(Date.now() / 1000), body) });
    expect(forged.status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 10 * 60;
    const stale = await h.send.raw(body, 'application/x-www-form-urlencoded', { timestamp: old });
    expect(stale.status).toBe(401);
  });

  it('answers /healthz with 200 when the database is reachable', async () => {
    const res = await fetch(`${h.server.url}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('the pinned entry message', () => {
  it('is posted and pinned when the app joins a vendor channel, once even if Slack retries the event', async () => {
    const event = { type: 'member_joined_channel', user: 'UBOT', channel: VENDOR_CHANNEL, channel_type: 'C', team: 'THOST', event_ts: '1700000001.000100' };
    const before = h.slack.callsOf('pins.add').length;
    const r1 = await h.send.event(event, { eventId: 'EvJOIN1' });
    expect(r1.status).toBe(200);
    const pin = await h.slack.waitForNew('pins.add', before);
    const posted = h.slack.callsOf('chat.postMessage').find((c) => (c.response as { ts: string }).ts === pin.args.timestamp)!;
    expect(allText(posted.args.blocks)).toContain('Be om tilgang til TT02');
    expect(allText(posted.args.blocks)).toContain('open_intake');
    await h.send.event(event, { eventId: 'EvJOIN1', retryNum: 1, retryReason: 'http_timeout' });
    // The retry is acknowledged; a mention afterwards proves the app has processed events since.
    await h.send.event({ type: 'app_mention', user: VENDOR_USER, channel: VENDOR_CHANNEL, text: '<@UBOT>', ts: '1700000002.000100', event_ts: '1700000002.000100' }, { eventId: 'EvMENTION1' });
    await h.slack.waitFor('chat.postMessage', (a) => a.channel === VENDOR_CHANNEL && allText(a.blocks).includes('open_intake') && a !== posted.args);
    expect(h.slack.callsOf('pins.add').length).toBe(before + 1);
  });

  it('staff can post it with /tt02-access post-button; others are told they may not', async () => {
    const denied = await h.send.command({ command: '/tt02-access', text: 'post-button', user_id: VENDOR_USER, channel_id: VENDOR_CHANNEL });
    expect((denied.body as { text: string }).text).toContain('saksbehandlere');
    const n = h.slack.callsOf('pins.add').length;
    await h.send.command({ command: '/tt02-access', text: 'post-button', user_id: STAFF, channel_id: VENDOR_CHANNEL });
    await h.slack.waitFor('pins.add', () => h.slack.callsOf('pins.add').length > n);
  });
});

describe('checkboxes helper sanity', () => {
  it('builds Slack-shaped checkbox state', () => {
    expect(checkboxes(['acknowledged']).selected_options[0]!.value).toBe('acknowledged');
  });
});
