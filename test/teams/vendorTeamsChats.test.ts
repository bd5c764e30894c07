/**
 * Teams alone (vendors and staff in Teams), the parts the shared channel's tests leave out:
 * - a request filed from a chat with the bot (a brreg user filing for a vendor): what the requester
 *   writes there while it is open reaches the triage card's reply chain (a chat has no reply chain per
 *   request), a fødselsnummer masked; with two open, the bot asks which, and a reply to a receipt or
 *   the reference picks one; staff's commands in the personal chat stay commands;
 * - the vendor's posts go to the Bot Connector URL (region) the filing activity came with, not
 *   TEAMS_SERVICE_URL, unless that URL is on another host;
 * - the card names a Teams requester by name, not by their Entra id.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskFnr } from '../../src/domain/fnr.js';
import { texts } from '../../src/domain/texts/index.js';
import type { RequestRow } from '../../src/db/schema.js';
import { generate } from '../support/fnr.js';
import type { ConnectorCall } from '../support/fakeTeams.js';
import { cardText, startTeamsTriageHarness, TEAMS_STAFF, TEAMS_TENANT, TEAMS_TRIAGE, type TeamsTriageHarness } from '../support/teamsTriageHarness.js';
import { byNumber } from '../support/triage.js';
import { expectClosed, invokeActivity, postActivity, staffInvokes, type TeamsUser } from './support.js';
import { chainOf, dialogText, fictitious, VENDOR_CONV, VERA } from './vendorSupport.js';

const KARI: TeamsUser = { id: TEAMS_STAFF.teamsUserId, name: TEAMS_STAFF.name, aad: TEAMS_STAFF.aadObjectId, locale: 'nb-NO', tenant: TEAMS_TENANT };
/** Kari's personal chat with the bot. */
const CHAT = 'a:1personal-chat-kari';
/** A group chat with the bot, and a brreg colleague (not staff) in it. */
const GROUP_CHAT = '19:groupchat01@thread.v2';
const PER: TeamsUser = { id: '29:per-kollega', name: 'Per Kollega', aad: 'bbbbbbbb-0000-4000-8000-000000000007', locale: 'en-US', tenant: TEAMS_TENANT };
const BOT_ID = '28:11111111-2222-3333-4444-555555555555';

let h: TeamsTriageHarness;
beforeAll(async () => {
  h = await startTeamsTriageHarness({ env: { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_API_URL: '', STAFF_USER_IDS: '', STAFF_USERGROUP_ID: '' } });
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

/** Kari's first request from her chat, open through the tests that follow. */
let first: RequestRow | undefined;

const ref = (r: { number: number }) => `TT02-${String(r.number).padStart(4, '0')}`;
const nb = texts('nb');

/** An activity from `who` in `conversationId` (a chat: no reply chain), signed for `serviceUrl`. */
function activityIn(who: TeamsUser, conversationId: string, conversationType: string, extra: Record<string, unknown>): Record<string, unknown> {
  const base = invokeActivity(h.teams, 'x', undefined, who, { conversationId });
  return { ...base, conversation: { id: conversationId, conversationType, tenantId: who.tenant }, channelData: { tenant: { id: who.tenant } }, ...extra };
}

/** A message Kari writes in her personal chat. */
const say = (text: string, o: { replyToId?: string; id?: string } = {}) =>
  postActivity(h, h.teams, activityIn(KARI, CHAT, 'personal', { type: 'message', name: undefined, value: undefined, id: String(Date.now() + Math.random()), text, ...o }));

/** Files through the intake dialog from `conversationId` and waits for the receipt and the card. */
async function file(who: TeamsUser, conversationId: string, conversationType: string, o: { serviceUrl?: string } = {}): Promise<RequestRow> {
  const value = { data: { verb: 'vendor_intake', op: 'submit', l: 'nb', k: randomUUID(), ...fictitious() } };
  const res = await postActivity(h, h.teams, activityIn(who, conversationId, conversationType, { name: 'task/submit', value, ...(o.serviceUrl ? { serviceUrl: o.serviceUrl } : {}) }));
  const m = /TT02-(\d{4})/.exec(dialogText(res.body));
  if (!m) throw new Error(`not accepted: ${dialogText(res.body)}`);
  const worker = h.server.worker!;
  for (;;) {
    const next = new Promise((resolve) => worker.events.once('delivered', resolve));
    const row = await byNumber(h, Number(m[1]));
    if (row.triageTs && row.receiptTs) return row;
    await next;
  }
}

/** The answer the bot posted in Kari's chat with `text`, made after `since` calls. */
const chatAnswer = (since: number, text: string) =>
  h.waitForCall((c) => c.conversationId === CHAT && h.teams.connectorCalls.indexOf(c) >= since && JSON.stringify(c.activity).includes(JSON.stringify(text).slice(1, -1)));

/** The "Submitted by" fact of the request's card in the triage channel. */
function requesterOnCard(r: Pick<RequestRow, 'number'>): string | undefined {
  const card = (h.card(r)?.activity.attachments as { content: { body: { type: string; facts?: { title: string; value: string }[] }[] } }[])[0]!.content;
  return card.body.find((e) => e.type === 'FactSet')?.facts?.find((f) => f.title === nb.card.requester)?.value;
}

describe('Teams chats with the bot, and each conversation’s Bot Connector', () => {
  it('files from a personal chat: the card names the requester; their words in the chat reach the card’s reply chain, the fødselsnummer masked, and commands stay commands', async () => {
    const r = await file(KARI, CHAT, 'personal');
    first = r;
    expect(r).toMatchObject({ platform: 'teams', channelId: CHAT, requesterUserId: KARI.aad });
    // The receipt is in the chat (no reply chain there).
    expect(h.teams.channel(CHAT).some((m) => m.id === r.receiptTs && cardText(m).includes(ref(r)))).toBe(true);
    expect(requesterOnCard(r)).toBe(KARI.name);

    const fnr = generate('228190', 0, 40);
    let since = h.teams.connectorCalls.length;
    expect((await say(`<p>Kunden trenger tilgang før fredag. Testbruker ${fnr}.</p>`)).status).toBe(200);
    const mirrored = await h.waitForReply(r, (t) => t.includes('Kunden trenger tilgang før fredag'));
    expect(mirrored).not.toContain(fnr);
    expect(mirrored).toContain(maskFnr(fnr));
    await chatAnswer(since, nb.conversation.chatMirrored(ref(r)));

    // A staff command in the personal chat is answered as one, and not mirrored.
    since = h.teams.connectorCalls.length;
    expect((await say('queue')).status).toBe(200);
    await h.waitForCall((c) => c.conversationId === CHAT && h.teams.connectorCalls.indexOf(c) >= since && cardText(c).includes(nb.teamsTools.queueTitle));
    await say('Og en ting til');
    await h.waitForReply(r, (t) => t.includes('Og en ting til'));
    // The card's chain is posted in order: had "queue" been mirrored, it would be there by now.
    expect(h.replies(r).map((m) => cardText(m)).filter((t) => t.includes('"queue"'))).toEqual([]);
  });

  it('with two open requests in the chat the requester is asked which; a reply to a receipt, or the reference, picks it', async () => {
    // Kari's first request (previous test) is still open; a second one in the same chat.
    const r1 = first!;
    const r2 = await file(KARI, CHAT, 'personal');

    let since = h.teams.connectorCalls.length;
    const which = nb.conversation.chatWhich(`${ref(r1)}, ${ref(r2)}`);
    await say('Hva er status?', { id: 'which-1' });
    await chatAnswer(since, which);
    // Teams delivering the same message again: asked once (each answer is posted before the activity is answered).
    await say('Hva er status?', { id: 'which-1' });
    expect(h.teams.connectorCalls.slice(since).filter((c) => JSON.stringify(c.activity).includes(which))).toHaveLength(1);

    since = h.teams.connectorCalls.length;
    await say('Gjelder den første', { replyToId: r1.receiptTs! });
    await h.waitForReply(r1, (t) => t.includes('Gjelder den første'));
    await chatAnswer(since, nb.conversation.chatMirrored(ref(r1)));
    await say(`${ref(r2)}: gjelder den andre`);
    await h.waitForReply(r2, (t) => t.includes('gjelder den andre'));

    // "Hva er status?" went to neither card (each chain has had a later post since).
    const chains = [...h.replies(r1), ...h.replies(r2)].map((m) => cardText(m));
    expect(chains.filter((t) => t.includes('Hva er status?'))).toEqual([]);
    expect(h.replies(r2).map((m) => cardText(m)).filter((t) => t.includes('Gjelder den første'))).toEqual([]);
  });

  it('in a group chat, the requester’s words to the bot (an @mention) reach their request’s card; a bare @mention brings the entry card', async () => {
    const r = await file(PER, GROUP_CHAT, 'groupChat');
    expect(requesterOnCard(r)).toBe(PER.name);
    const mention = [{ type: 'mention', mentioned: { id: BOT_ID, name: 'tt02-access' }, text: '<at>tt02-access</at>' }];
    const inGroup = (text: string) =>
      postActivity(h, h.teams, activityIn(PER, GROUP_CHAT, 'groupChat', { type: 'message', name: undefined, value: undefined, id: String(Date.now() + Math.random()), text, entities: mention }));
    const since = h.teams.connectorCalls.length;
    expect((await inGroup('<at>tt02-access</at> Leverandøren venter på svar')).status).toBe(200);
    await h.waitForReply(r, (t) => t.includes('Leverandøren venter på svar'));
    await h.waitForCall((c) => c.conversationId === GROUP_CHAT && h.teams.connectorCalls.indexOf(c) >= since && JSON.stringify(c.activity).includes(texts('en').conversation.chatMirrored(ref(r))));
    await inGroup('<at>tt02-access</at>');
    await h.waitForCall((c) => c.conversationId === GROUP_CHAT && h.teams.connectorCalls.indexOf(c) >= since && cardText(c).includes('vendor_open_intake'));
  });

  it('posts the receipt, the notes and the receipt’s updates to the Bot Connector of the region the request came from', async () => {
    const amer = h.teams.regionUrl('amer');
    const r = await file(VERA, VENDOR_CONV, 'channel', { serviceUrl: amer });
    expect(r.serviceUrl).toBe(amer);
    const receipt = h.teams.connectorCalls.find((c) => c.method === 'POST' && c.answeredId === r.receiptTs)!;
    expect(receipt.serviceUrl).toBe(amer);
    // With the bot's token, as on TEAMS_SERVICE_URL.
    expect(receipt.token).toMatch(/^ey/);

    const kari = staffInvokes(h, h.teams, KARI, TEAMS_TRIAGE);
    expectClosed(await kari.submit(await kari.open('card_ask_info', await byNumber(h, r.number)), { question: 'Hvilket miljø gjelder det?' }));
    const question = await h.waitForCall((c) => c.conversationId === chainOf(r) && cardText(c).includes('Hvilket miljø gjelder det?'));
    expect(question.serviceUrl).toBe(amer);
    const update = await h.waitForCall((c: ConnectorCall) => c.method === 'PUT' && c.activityId === r.receiptTs);
    expect(update.serviceUrl).toBe(amer);
    // Triage is in our own tenant: its posts stay on TEAMS_SERVICE_URL.
    expect(h.teams.connectorCalls.filter((c) => c.conversationId.startsWith(TEAMS_TRIAGE)).every((c) => c.serviceUrl === h.teams.serviceUrl)).toBe(true);
  });

  it('a serviceUrl on another host than TEAMS_SERVICE_URL’s is not kept, even signed: the posts go to TEAMS_SERVICE_URL', async () => {
    const elsewhere = h.teams.serviceUrl.replace('127.0.0.1', 'localhost');
    const r = await file(VERA, VENDOR_CONV, 'channel', { serviceUrl: elsewhere });
    expect(r.serviceUrl).toBeNull();
    const receipt = h.teams.connectorCalls.find((c) => c.method === 'POST' && c.answeredId === r.receiptTs)!;
    expect(receipt.serviceUrl).toBe(h.teams.serviceUrl);
    expect(requesterOnCard(r)).toBe(VERA.name);
  });
});
