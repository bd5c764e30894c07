/**
 * The mixed set-up's delivery side: a vendor files in Slack, staff triage in Teams. The card, its
 * updates and its reply chain go to the fake Bot Connector; the vendor's thread stays in Slack. Staff
 * steps are driven through the use cases in app/ (what a Teams card handler calls).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignRequest } from '../../src/app/assign.js';
import { replyToVendor } from '../../src/app/conversation.js';
import { EFFECT } from '../../src/app/effects.js';
import { claimRequest, recordAltinnStep, registerLoginFnr } from '../../src/app/staffSteps.js';
import { outbox } from '../../src/db/schema.js';
import { generate } from '../support/fnr.js';
import { TRIAGE, VENDOR_CHANNEL, VENDOR_USER } from '../support/harness.js';
import { DELEGATION, FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { cardText, fileAndAwaitTeamsCard, startTeamsTriageHarness, TEAMS_STAFF, TEAMS_STAFF_2, TEAMS_TRIAGE, type TeamsTriageHarness } from '../support/teamsTriageHarness.js';
import { writeInThread } from '../support/threadMessages.js';
import { allText, reload } from '../support/triage.js';

let h: TeamsTriageHarness;
beforeAll(async () => {
  h = await startTeamsTriageHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const kari = { userId: TEAMS_STAFF.aadObjectId };
const vendorThread = (receiptTs: string) => [...h.slack.messages.values()].filter((m) => m.channel === VENDOR_CHANNEL && m.thread_ts === receiptTs && !m.deleted);

describe('triage in Teams, vendors on Slack', () => {
  it('starts with no TRIAGE_CHANNEL_ID, and /healthz reports Slack and Teams connected', async () => {
    const res = await fetch(`${h.server.url}/healthz`);
    const body = (await res.json()) as { status: string; triage: string; slack: { state: string }; teams: { state: string } };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', triage: 'teams', slack: { state: 'connected' }, teams: { state: 'connected' } });
  });

  it("a Slack vendor's request becomes an Adaptive Card in the Teams triage channel, with the facts, and nothing in a Slack triage channel", async () => {
    const fields = { ...DELEGATION, vendor_org_number: freshOrgNumber() };
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, fields);
    const ref = `TT02-${String(r.number).padStart(4, '0')}`;
    const card = h.card(r)!;
    expect(card.id).toBe(r.triageTs);
    expect(r.triageChannelId).toBe(TEAMS_TRIAGE);
    const attachment = (card.activity.attachments as { contentType: string; content: { type: string; version: string } }[])[0]!;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const text = cardText(card);
    for (const fact of [ref, 'Acme Regnskap AS', 'Kari Nordmann', 'kari@acme.no', 'Kunde Bakeri AS', 'Action.Execute']) expect(text).toContain(fact);
    // The receipt is in the vendor's Slack channel; no card went to a Slack channel.
    expect([...h.slack.messages.values()].some((m) => m.channel === VENDOR_CHANNEL && m.ts === r.receiptTs)).toBe(true);
    expect(h.slack.calls.filter((c) => c.args.channel === TRIAGE)).toEqual([]);
    expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage' && allText(c.args).includes('Kari Nordmann'))).toEqual([]);
  });

  it('a claim updates the card in place (PUT), an assignment @mentions the assignee in the reply chain, the Altinn step reaches the vendor in Slack', async () => {
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const claimed = await claimRequest(h.ports, { requestId: r.id, actor: kari, expectedAssignee: null });
    expect(claimed.kind).toBe('ok');
    const update = await h.waitForCall((c) => c.method === 'PUT' && c.activityId === r.triageTs && cardText(c).includes(TEAMS_STAFF.aadObjectId));
    expect(update.conversationId).toBe(TEAMS_TRIAGE);
    expect(h.teams.channel(TEAMS_TRIAGE).filter((m) => m.id === r.triageTs)).toHaveLength(1);

    const assigned = await assignRequest(h.ports, { requestId: r.id, actor: kari, assigneeUserId: TEAMS_STAFF_2.aadObjectId, assigneeIsStaff: true });
    expect(assigned.kind).toBe('ok');
    const note = await h.waitForCall((c) => c.method === 'POST' && c.conversationId === `${TEAMS_TRIAGE};messageid=${r.triageTs}`);
    const content = (note.activity.attachments as { content: { msteams: { entities: unknown[] } } }[])[0]!.content;
    expect(cardText(note)).toContain('<at>Ola Saksbehandler</at>');
    expect(content.msteams.entities).toEqual([{ type: 'mention', text: '<at>Ola Saksbehandler</at>', mentioned: { id: TEAMS_STAFF_2.teamsUserId, name: TEAMS_STAFF_2.name } }]);
    // The one who assigned is named, not mentioned.
    expect(cardText(note)).toContain('Kari Saksbehandler');

    const fictitious = freshOrgNumber();
    const altinn = await recordAltinnStep(h.ports, { requestId: r.id, actor: kari, fictitiousOrgNumber: fictitious });
    expect(altinn.kind).toBe('ok');
    await h.slack.waitFor('chat.postMessage', (a) => a.channel === VENDOR_CHANNEL && a.thread_ts === r.receiptTs);
    await h.waitForCall((c) => c.method === 'PUT' && c.activityId === r.triageTs && cardText(c).includes(fictitious.slice(0, 3)));
    expect(vendorThread(r.receiptTs!).length).toBeGreaterThan(0);
  });

  it("the vendor's Slack reply is mirrored to the card's Teams reply chain, the assignee @mentioned, the words escaped", async () => {
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    await claimRequest(h.ports, { requestId: r.id, actor: { userId: TEAMS_STAFF_2.aadObjectId }, expectedAssignee: null });
    await writeInThread(h, r, { user: VENDOR_USER, text: 'Hei! Se [her](https://evil.example) *nå*' });
    const mirrored = await h.waitForReply(r, (t) => t.includes('evil.example'));
    expect(mirrored).toContain('<at>Ola Saksbehandler</at>');
    expect(mirrored).toContain('\\\\[her\\\\]\\\\(https://evil.example\\\\)');
    const reply = h.replies(r).at(-1)!;
    expect((reply.activity.attachments as { content: { msteams: { entities: { mentioned: { id: string } }[] } } }[])[0]!.content.msteams.entities[0]!.mentioned.id).toBe(TEAMS_STAFF_2.teamsUserId);
  });

  it('the fødselsnummer is masked on the card and reaches neither the reply chain nor the vendor', async () => {
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    await recordAltinnStep(h.ports, { requestId: r.id, actor: kari, fictitiousOrgNumber: freshOrgNumber() });
    const fnr = generate('228190', 0, 40);
    const registered = await registerLoginFnr(h.ports, { requestId: r.id, actor: kari, fnr, confirmedTestIdentity: false });
    expect(registered.kind).toBe('ok');
    const masked = `${'•'.repeat(9)}${fnr.slice(-2)}`;
    await h.waitForCall((c) => c.method === 'PUT' && c.activityId === r.triageTs && cardText(c).includes(masked));
    const fresh = await reload(h, r);
    expect(fresh.loginFnr).toBe(fnr);
    await h.slack.waitFor('chat.postMessage', (a) => a.thread_ts === r.receiptTs && allText(a).includes('Testbrukeren'));
    expect(allText(h.teams.connectorCalls)).not.toContain(fnr);
    expect(allText(h.slack.calls)).not.toContain(fnr);
  });

  it("a Teams staff member's reply reaches the vendor's Slack thread naming a case officer, never a raw Entra id", async () => {
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const answer = await replyToVendor(h.ports, { requestId: r.id, actor: kari, text: 'Vi ser på det i dag.' });
    expect(answer.kind).toBe('ok');
    const note = await h.slack.waitFor('chat.postMessage', (a) => a.thread_ts === r.receiptTs && allText(a).includes('Vi ser på det i dag.'));
    expect(allText(note.args)).toContain('En saksbehandler hos Brønnøysundregistrene');
    expect(allText(note.args)).not.toContain(TEAMS_STAFF.aadObjectId);
  });

  it('every outbox row of the mixed journey is done: none failed, none waiting', async () => {
    const rows = await h.db.database.db.select().from(outbox).where(and(eq(outbox.kind, EFFECT.cardPost)));
    expect(rows.length).toBeGreaterThan(0);
    const all = await h.db.database.db.select({ kind: outbox.kind, status: outbox.status, error: outbox.lastError }).from(outbox);
    expect(all.filter((x) => x.status === 'failed')).toEqual([]);
  });
});
