import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestEvents, requests } from '../../src/db/schema.js';
import {
  GROUP_STAFF,
  OTHER_VENDOR_CHANNEL,
  STAFF,
  TRIAGE,
  VENDOR_CHANNEL,
  VENDOR_USER,
  VENDOR_USER_EN,
  startHarness,
  type Harness,
} from '../support/harness.js';
import { DELEGATION, FICTITIOUS, fileRequest, freshOrgNumber, type IntakeFields } from '../support/intake.js';
import { blockActionPayload } from '../support/slackRequests.js';
import {
  allText,
  awaitCard,
  awaitLinkedCard,
  awaitModal,
  awaitStored,
  clickCard,
  clickVendorButton,
  ephemeralsTo,
  eventsOf,
  fileAndAwaitCard,
  latestCard,
  reload,
  submitModal,
  text,
} from '../support/triage.js';

let h: Harness;
beforeAll(async () => {
  // No caching of the staff user group: every check by a group member asks Slack.
  h = await startHarness({ env: { STAFF_CACHE_SECONDS: '0' } });
});
afterAll(async () => {
  await h?.stop();
});

const fictitious = () => ({ ...FICTITIOUS, vendor_org_number: freshOrgNumber() });

/** Refusals that name no request: stored without a request id. */
async function deniedWithoutRequest(actor: string) {
  return h.db.database.db
    .select()
    .from(requestEvents)
    .where(and(eq(requestEvents.kind, 'denied'), eq(requestEvents.actorUserId, actor), isNull(requestEvents.requestId)))
    .orderBy(requestEvents.id);
}

async function nextEphemeralTo(user: string, act: () => Promise<unknown>): Promise<string> {
  const before = ephemeralsTo(h, user).length;
  await act();
  await h.slack.waitFor('chat.postEphemeral', () => ephemeralsTo(h, user).length > before);
  return allText(ephemeralsTo(h, user).at(-1)!.args.text);
}

describe('refused attempts are audited like refused card clicks', () => {
  it('a withdrawal by someone who is not the requester is refused, changes nothing and is audited', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    const told = await nextEphemeralTo(VENDOR_USER_EN, () => clickVendorButton(h, { user: VENDOR_USER_EN, actionId: 'withdraw_request', request: r }));
    // The receipt is the vendor's view of a request filed in bokmål: the refusal is in bokmål, whoever clicked.
    expect(told).toContain('Bare den som sendte bestillingen, eller en saksbehandler');
    expect((await reload(h, r)).status).toBe('submitted');
    const denied = (await eventsOf(h, r)).filter((e) => e.kind === 'denied');
    expect(denied).toEqual([
      expect.objectContaining({ actorUserId: VENDOR_USER_EN, actorTeamId: 'TVENDOR01', details: { action: 'withdraw', reason: 'not_requester' } }),
    ]);
  });

  it('a refused attempt shows on the card history in words, not as its audit kind', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    await nextEphemeralTo(VENDOR_USER_EN, () => clickVendorButton(h, { user: VENDOR_USER_EN, actionId: 'withdraw_request', request: r }));
    // The refusal changes nothing on its own; the next change re-renders the card with its history.
    await clickCard(h, { user: STAFF, actionId: 'card_claim', request: r, extra: '' });
    const card = await awaitCard(h, r, (c) => c.includes(`Tatt · <@${STAFF}>`));
    expect(card).toContain(`Forsøk avvist (mangler tilgang) · <@${VENDOR_USER_EN}>`);
    expect(card).not.toContain('denied');
  });

  it('`post-button` by someone who is not staff is refused and audited without a request', async () => {
    const res = await h.send.command({ command: '/tt02-access', text: 'post-button', user_id: VENDOR_USER, channel_id: VENDOR_CHANNEL, team_id: 'TVENDOR01' });
    expect((res.body as { text: string }).text).toContain('Bare Brønnøysundregistrenes saksbehandlere');
    expect(h.slack.callsOf('pins.add')).toHaveLength(0);
    expect(await deniedWithoutRequest(VENDOR_USER)).toEqual([
      expect.objectContaining({ actorTeamId: 'TVENDOR01', details: { action: 'post_button', reason: 'not_staff', channelId: VENDOR_CHANNEL } }),
    ]);
  });

  it('a card button with a malformed value is refused with a message, and audited', async () => {
    const click = (value: string) =>
      h.send.interactive(
        blockActionPayload({
          user: { id: STAFF, team_id: 'THOST' },
          channel: TRIAGE,
          message: { ts: '1700000000.000009' },
          action: { action_id: 'card_claim', block_id: 'card:x', value },
        }),
      );
    const told = await nextEphemeralTo(STAFF, () => click('{"r":"not-a-uuid","s":"submitted"}'));
    expect(told).toContain('Knappen kunne ikke leses');
    await nextEphemeralTo(STAFF, () => click('<script>'));
    const denied = await deniedWithoutRequest(STAFF);
    expect(denied.map((e) => e.details)).toEqual([
      { action: 'claim', reason: 'malformed_value', channelId: TRIAGE },
      { action: 'claim', reason: 'malformed_value', channelId: TRIAGE },
    ]);
  });

  it('a malformed withdraw button is refused and audited too', async () => {
    const told = await nextEphemeralTo(VENDOR_USER, () =>
      h.send.interactive(
        blockActionPayload({
          user: { id: VENDOR_USER, team_id: 'TVENDOR01' },
          channel: VENDOR_CHANNEL,
          message: { ts: '1700000000.000010' },
          action: { action_id: 'withdraw_request', block_id: 'receipt:x', value: "1' or '1'='1" },
        }),
      ),
    );
    expect(told).toContain('Knappen kunne ikke leses');
    expect((await deniedWithoutRequest(VENDOR_USER)).map((e) => e.details)).toContainEqual({ action: 'withdraw', reason: 'malformed_value', channelId: VENDOR_CHANNEL });
  });
});

describe('the staff user group fails closed', () => {
  it('a member is refused (saying the check failed) while the group cannot be fetched, without retries, and let in once it can', async () => {
    const r1 = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    await clickCard(h, { user: GROUP_STAFF, actionId: 'card_claim', request: r1, extra: '' });
    await awaitCard(h, r1, (c) => c.includes(`<@${GROUP_STAFF}>`));

    // The list just fetched is stale at once (STAFF_CACHE_SECONDS=0): it must not be used.
    const r2 = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    // Rate limited for 30 s: a client that waited and retried would still be busy at the next click.
    h.slack.failNext('usergroups.users.list', { status: 429, retryAfter: 30 });
    const lookups = h.slack.callsOf('usergroups.users.list').length;
    const told = await nextEphemeralTo(GROUP_STAFF, () => clickCard(h, { user: GROUP_STAFF, actionId: 'card_claim', request: r2, extra: '' }));
    expect(told).toContain('Vi fikk ikke sjekket om du er saksbehandler');
    expect((await reload(h, r2)).assigneeUserId).toBeNull();
    expect(h.slack.callsOf('usergroups.users.list').length - lookups).toBe(1); // no hidden retries
    expect((await eventsOf(h, r2)).filter((e) => e.kind === 'denied')).toEqual([
      expect.objectContaining({ actorUserId: GROUP_STAFF, details: { action: 'claim', reason: 'staff_check_failed' } }),
    ]);

    // Trying again at once, now that Slack answers, works.
    await clickCard(h, { user: GROUP_STAFF, actionId: 'card_claim', request: r2, extra: '' });
    await awaitCard(h, r2, (c) => c.includes(`<@${GROUP_STAFF}>`));
  });

  it('explicitly listed staff are still staff while the group cannot be fetched', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    h.slack.failNext('usergroups.users.list', { status: 500 });
    await clickCard(h, { user: STAFF, actionId: 'card_claim', request: r, extra: '' });
    await awaitCard(h, r, (c) => c.includes(`<@${STAFF}>`));
    // The failure is still pending (STAFF needed no look-up): a group member meets it.
    const told = await nextEphemeralTo(GROUP_STAFF, () => clickCard(h, { user: GROUP_STAFF, actionId: 'card_claim', request: r, extra: STAFF }));
    expect(told).toContain('Vi fikk ikke sjekket');
    expect((await reload(h, r)).assigneeUserId).toBe(STAFF);
  });

  // Last in this group: its slow look-up is still running when the test ends.
  it('a slow user group never delays the acknowledgement: the refusal comes back before Slack answers', async () => {
    const delayMs = 4000;
    h.slack.failNext('usergroups.users.list', { delayMs });
    const started = Date.now();
    const res = await h.send.command({ command: '/tt02-access', text: 'post-button', user_id: GROUP_STAFF, channel_id: VENDOR_CHANNEL });
    const answeredAt = Date.now();
    const lookup = h.slack.callsOf('usergroups.users.list').at(-1)!;
    expect(lookup.fault).toEqual({ delayMs });
    expect(answeredAt).toBeLessThan(lookup.at + delayMs);
    expect(answeredAt - started).toBeLessThan(3000); // Slack's acknowledgement window
    expect((res.body as { text: string }).text).toContain('Vi fikk ikke sjekket om du er saksbehandler');
    expect(h.slack.callsOf('pins.add')).toHaveLength(0);
    expect((await deniedWithoutRequest(GROUP_STAFF)).map((e) => e.details)).toContainEqual({
      action: 'post_button',
      reason: 'staff_check_failed',
      channelId: VENDOR_CHANNEL,
    });
  });
});

describe('free text refuses invisible control characters', () => {
  const BIDI = 'Godkjent \u202Egnijtsnas\u202C';
  it('a question, a rejection reason and an answer with NUL or bidirectional controls get a field error', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious());
    let opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_reject', request: r });
    const reject = await awaitModal(h, 'staff_reject', opened);
    const refused = await submitModal(h, { user: STAFF, callbackId: 'staff_reject', privateMetadata: reject.view.private_metadata, values: text('reason', BIDI) });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('styretegn') } });
    expect((await reload(h, r)).status).toBe('submitted');

    opened = h.slack.callsOf('views.open').length;
    await clickCard(h, { user: STAFF, actionId: 'card_ask_info', request: r });
    const ask = await awaitModal(h, 'staff_ask_info', opened);
    const bad = await submitModal(h, { user: STAFF, callbackId: 'staff_ask_info', privateMetadata: ask.view.private_metadata, values: text('question', 'Hvem\u0000?') });
    expect(bad.body).toMatchObject({ errors: { question: expect.stringContaining('styretegn') } });
    // Line breaks and tabs are ordinary text.
    const ok = await submitModal(h, { user: STAFF, callbackId: 'staff_ask_info', privateMetadata: ask.view.private_metadata, values: text('question', 'Hvilken kunde?\n\tOg hvilket miljø?') });
    expect(ok.text).toBe('');
    expect((await reload(h, r)).openQuestion).toBe('Hvilken kunde?\n\tOg hvilket miljø?');

    opened = h.slack.callsOf('views.open').length;
    await clickVendorButton(h, { user: VENDOR_USER_EN, actionId: 'answer_info', request: await reload(h, r) });
    const answer = await awaitModal(h, 'vendor_answer_info', opened);
    const res = await submitModal(h, { user: VENDOR_USER_EN, team: 'TVENDOR01', callbackId: 'vendor_answer_info', privateMetadata: answer.view.private_metadata, values: text('answer', 'Kunde \u2066AS\u2069') });
    // The Answer modal is in the request's language (bokmål), whoever answers.
    expect(res.body).toMatchObject({ errors: { answer: expect.stringContaining('styretegn') } });
    expect(await reload(h, r)).toMatchObject({ status: 'needs_info', lastAnswer: null });
  });
});

describe('duplicates never reveal another channel', () => {
  async function fileIn(channel: string, user: string, fields: IntakeFields) {
    const { res } = await fileRequest(h, user, fields, channel);
    return res;
  }
  const refIn = (body: unknown) => /TT02-\d{4}/.exec(allText(body))?.[0];
  const rowOf = async (ref: string) => awaitStored(h, Number(ref.slice(5)));

  it('the same vendor and customer from another channel is filed normally; staff see the overlap on both cards', async () => {
    const fields = { ...DELEGATION, vendor_org_number: freshOrgNumber(), customer_org_number: freshOrgNumber() };
    const first = await fileIn(VENDOR_CHANNEL, VENDOR_USER, fields);
    const refA = refIn(first.body)!;
    await awaitLinkedCard(h, refA);
    const a = await rowOf(refA);

    const second = await fileIn(OTHER_VENDOR_CHANNEL, VENDOR_USER_EN, fields);
    const refB = refIn(second.body);
    expect(refB).toBeDefined();
    expect(refB).not.toBe(refA);
    // Nothing about channel A's request reaches channel B's user: not in the answer, not in the channel.
    expect(allText(second.body)).not.toContain(refA);
    await awaitLinkedCard(h, refB!);
    const b = await rowOf(refB!);
    const inOtherChannel = h.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === OTHER_VENDOR_CHANNEL);
    expect(inOtherChannel.length).toBeGreaterThan(0);
    expect(allText(inOtherChannel)).not.toContain(refA);
    expect(ephemeralsTo(h, VENDOR_USER_EN).map((c) => allText(c.args.text)).join('\n')).not.toContain(refA);

    // Staff: the new card names the other open request, and the older card is refreshed to name the new one.
    expect(allText(latestCard(h, b))).toContain(`${refA} (<#${VENDOR_CHANNEL}>)`);
    await awaitCard(h, a, (c) => c.includes(`${refB} (<#${OTHER_VENDOR_CHANNEL}>)`));
    const stored = await h.db.database.db.select().from(requests).where(eq(requests.vendorOrgNumber, fields.vendor_org_number!));
    expect(stored.map((s) => s.channelId).sort()).toEqual([VENDOR_CHANNEL, OTHER_VENDOR_CHANNEL].sort());

    // Once B is withdrawn, A's card no longer names it, without anything else happening to A.
    await clickVendorButton(h, { user: VENDOR_USER_EN, actionId: 'withdraw_request', request: b, channel: OTHER_VENDOR_CHANNEL });
    await awaitCard(h, b, (c) => c.includes('Trukket tilbake'));
    const cleared = await awaitCard(h, a, (c) => !c.includes(refB!));
    expect(cleared).not.toContain(':twisted_rightwards_arrows:');
    expect((await reload(h, a)).status).toBe('submitted');
  });

  it('within one channel the open request is pointed out with its own reference', async () => {
    const fields = fictitious();
    const refA = refIn((await fileIn(VENDOR_CHANNEL, VENDOR_USER, fields)).body)!;
    const refB = refIn((await fileIn(OTHER_VENDOR_CHANNEL, VENDOR_USER_EN, fields)).body)!;
    const again = await fileIn(OTHER_VENDOR_CHANNEL, VENDOR_USER_EN, fields);
    expect(again.body).toMatchObject({ response_action: 'errors' });
    const message = (again.body as { errors: Record<string, string> }).errors.vendor_org_number!;
    expect(message).toContain(refB);
    expect(message).not.toContain(refA);
    const stored = await h.db.database.db.select().from(requests).where(eq(requests.vendorOrgNumber, fields.vendor_org_number!));
    expect(stored).toHaveLength(2);
  });
});
