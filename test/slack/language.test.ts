import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRow } from '../../src/app/rows.js';
import { en } from '../../src/domain/texts/en.js';
import { nb } from '../../src/domain/texts/nb.js';
import { STAFF, VENDOR_CHANNEL, VENDOR_USER, VENDOR_USER_EN, startHarness, type Harness } from '../support/harness.js';
import { FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import {
  allText,
  awaitCard,
  awaitModal,
  awaitThreadNote,
  clickCard,
  clickVendorButton,
  ephemeralsTo,
  fileAndAwaitCard,
  latestCard,
  reload,
  submitModal,
  text,
} from '../support/triage.js';

/**
 * The language rule (README, Languages) where a listener chooses: the triage channel is set to
 * English here, the staff member's Slack locale is Norwegian, and the request is filed in bokmål by
 * one vendor developer and acted on by a colleague whose Slack is in English.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { TRIAGE_LOCALE: 'en' } });
});
afterAll(async () => {
  await h?.stop();
});

async function nextEphemeralTo(user: string, act: () => Promise<unknown>): Promise<string> {
  const before = ephemeralsTo(h, user).length;
  await act();
  await h.slack.waitFor('chat.postEphemeral', () => ephemeralsTo(h, user).length > before);
  return String(ephemeralsTo(h, user).at(-1)!.args.text);
}

async function askQuestion(r: RequestRow, question: string) {
  const opened = h.slack.callsOf('views.open').length;
  await clickCard(h, { user: STAFF, actionId: 'card_ask_info', request: await reload(h, r) });
  const m = await awaitModal(h, 'staff_ask_info', opened);
  // The staff member's own modal: their Slack locale (nb-NO), whatever the triage channel's language.
  expect(allText(m.view)).toContain(nb.staff.askModal.label);
  const res = await submitModal(h, { user: STAFF, callbackId: 'staff_ask_info', privateMetadata: m.view.private_metadata, values: text('question', question) });
  expect(res.text).toBe('');
}

describe('one language per reader', () => {
  it('the card is in the configured triage language (TRIAGE_LOCALE=en), though the request is in bokmål', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    expect(r.locale).toBe('nb');
    const card = allText(latestCard(h, r));
    expect(card).toContain(en.card.buttons.claim);
    expect(card).toContain(en.card.assignee);
    expect(card).not.toContain(nb.card.buttons.claim);
    expect(card).not.toContain(nb.card.assignee);
  });

  it('a vendor sees everything about a request in its language: the Answer modal, and the refusal of a stale Answer or a withdrawal', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    await askQuestion(r, 'Hvilket API trenger dere?');
    await awaitThreadNote(h, r, (s) => s.includes('Hvilket API trenger dere?'));

    // A colleague with English Slack opens the Answer modal: bokmål around the bokmål question.
    const opened = h.slack.callsOf('views.open').length;
    await clickVendorButton(h, { user: VENDOR_USER_EN, actionId: 'answer_info', request: await reload(h, r) });
    const answer = await awaitModal(h, 'vendor_answer_info', opened);
    const modal = allText(answer.view);
    for (const word of [nb.answerModal.title, nb.answerModal.label, nb.answerModal.hint]) expect(modal).toContain(word);
    for (const word of [en.answerModal.label, en.answerModal.hint]) expect(modal).not.toContain(word);
    const res = await submitModal(h, { user: VENDOR_USER_EN, team: 'TVENDOR01', callbackId: 'vendor_answer_info', privateMetadata: answer.view.private_metadata, values: text('answer', 'Enhetsregisteret.') });
    expect(JSON.stringify(res.body)).toContain(nb.answerModal.thanks);
    await awaitCard(h, r, (c) => c.includes('Enhetsregisteret.'));

    // The same button, pressed again after the answer: refused in the request's language.
    const stale = await nextEphemeralTo(VENDOR_USER_EN, () => clickVendorButton(h, { user: VENDOR_USER_EN, actionId: 'answer_info', request: r }));
    expect(stale).toBe(nb.vendor.noQuestion(`TT02-${String(r.number).padStart(4, '0')}`));

    // Withdrawing someone else's request: refused in the request's language, naming staff.
    const withdraw = await nextEphemeralTo(VENDOR_USER_EN, () => clickVendorButton(h, { user: VENDOR_USER_EN, actionId: 'withdraw_request', request: r }));
    expect(withdraw).toBe(nb.vendor.onlyRequester);
    expect(withdraw).toContain('saksbehandler');
    expect(withdraw).not.toContain('(eller Brønnøysundregistrene)');
  });
});

describe('/tt02-access help: each person sees only what they may run', () => {
  const command = (textValue: string, user: string, channel: string) =>
    h.send.command({ command: '/tt02-access', text: textValue, user_id: user, channel_id: channel, team_id: user === STAFF ? 'THOST' : 'TVENDOR01' });

  it('staff get every command, `find` included', async () => {
    const res = await command('help', STAFF, VENDOR_CHANNEL);
    const shown = (res.body as { text: string }).text;
    expect(shown).toBe(nb.help.staff);
    for (const sub of ['find', 'post-button', 'altinn', 'report', 'export']) expect(shown).toContain(`/tt02-access ${sub}`);
  });

  it('anyone else, asking for help or typing a word it does not know, is shown only how to request access', async () => {
    for (const [word, user, t] of [
      ['help', VENDOR_USER, nb],
      ['frobnicate', VENDOR_USER, nb],
      ['help', VENDOR_USER_EN, en],
    ] as const) {
      const shown = (await command(word, user, VENDOR_CHANNEL)).body as { text: string };
      expect(shown.text).toBe(t.help.everyone);
      for (const staffOnly of ['find', 'post-button', 'altinn', 'report', 'export']) expect(shown.text).not.toContain(staffOnly);
    }
  });
});
