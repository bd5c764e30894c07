/**
 * The outbox's fault drills through a Teams delivery (triage in Teams, vendors on Slack): a Bot
 * Connector that answers 429 with Retry-After, and one that holds its answer past the lease and past
 * the app's timeout (the post was made: the retry finds it through Graph instead of posting again).
 * The SIGKILL drill runs with app processes in test/teams/twoInstances.test.ts.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignRequest } from '../../src/app/assign.js';
import { EFFECT } from '../../src/app/effects.js';
import { claimRequest } from '../../src/app/staffSteps.js';
import { outbox } from '../../src/db/schema.js';
import { STAFF, VENDOR_CHANNEL, VENDOR_USER } from '../support/harness.js';
import { FICTITIOUS, fileRequest, freshOrgNumber } from '../support/intake.js';
import { cardText, fileAndAwaitTeamsCard, startTeamsTriageHarness, TEAMS_STAFF, TEAMS_STAFF_2, TEAMS_TRIAGE, type TeamsTriageHarness } from '../support/teamsTriageHarness.js';
import { writeInThread } from '../support/threadMessages.js';
import { allText, byNumber, clickCard, eventsOf } from '../support/triage.js';

const LEASE_SECONDS = 1;
const TIMEOUT_MS = 1500;
const HOLD_MS = 4000;

let h: TeamsTriageHarness;
beforeAll(async () => {
  // A short lease and a short timeout, so that a held answer outlasts both.
  h = await startTeamsTriageHarness({ env: { OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS) }, slackTimeoutMs: TIMEOUT_MS });
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const refOf = (n: number) => `TT02-${String(n).padStart(4, '0')}`;
const cardsFor = (n: number) => h.teams.channel(TEAMS_TRIAGE).filter((m) => cardText(m).includes(refOf(n)));

describe('Teams delivery under faults', () => {
  it('a 429 with Retry-After: the card waits it out (no attempt before), then is posted once, and the thread posts follow in order', async () => {
    const refusedBefore = h.teams.refusedCalls.length;
    h.teams.failNext({ match: (c) => c.method === 'POST' && c.conversationId === TEAMS_TRIAGE, retryAfterSeconds: 2, times: 1 });
    const { res } = await fileRequest(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const number = Number(/TT02-(\d{4})/.exec(allText(res.body))![1]);
    const posted = await h.waitForCall((c) => c.method === 'POST' && c.conversationId === TEAMS_TRIAGE && cardText(c).includes(refOf(number)), 20_000);
    const refused = h.teams.refusedCalls[refusedBefore]!;
    expect(refused.status).toBe(429);
    expect(posted.at - refused.at).toBeGreaterThanOrEqual(2000 - 50);
    // Nothing in between: the row was not tried again before the Retry-After.
    expect(h.teams.refusedCalls).toHaveLength(refusedBefore + 1);
    expect(cardsFor(number)).toHaveLength(1);
    // A deferral is not an attempt.
    const r = await byNumber(h, number);
    const [row] = await settled(r.id, EFFECT.cardPost);
    expect(row).toMatchObject({ status: 'done', attempts: 1 });

    // Three thread posts, the first refused twice: they land once each, in the order they were enqueued.
    const stored = await fileAndAwaitTeamsCardFor(number);
    h.teams.failNext({ match: (c) => c.conversationId.includes(';messageid='), retryAfterSeconds: 1, times: 2 });
    await claimRequest(h.ports, { requestId: r.id, actor: { userId: TEAMS_STAFF.aadObjectId }, expectedAssignee: null });
    await writeInThread(h, stored, { user: VENDOR_USER, text: 'første' });
    await writeInThread(h, stored, { user: VENDOR_USER, text: 'andre' });
    await assignRequest(h.ports, { requestId: r.id, actor: { userId: TEAMS_STAFF.aadObjectId }, assigneeUserId: TEAMS_STAFF_2.aadObjectId, assigneeIsStaff: true });
    // The vendor's messages are mirrored after Slack's event is acknowledged: the order is the outbox's.
    const rows = await settled(r.id, EFFECT.cardThreadPost, 3);
    const chain = h.replies(stored).map((m) => /tt02-outbox:([^"]+)/.exec(cardText(m))?.[1]);
    expect(chain).toEqual(rows.map((x) => x.dedupeKey));
    const texts = h.replies(stored).map((m) => cardText(m)).join('\n');
    for (const words of ['første', 'andre', '<at>Ola Saksbehandler</at>']) expect(texts).toContain(words);
    expect(h.teams.refusedCalls.filter((c) => c.conversationId.includes(';messageid='))).toHaveLength(2);
  });

  it('an answer held past the lease and the timeout: the retry finds the post through Graph and posts nothing twice', async () => {
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const graphBefore = h.teams.graphReads.length;
    const hold = h.teams.holdNext({ match: (c) => c.method === 'POST' && c.conversationId === `${TEAMS_TRIAGE};messageid=${r.triageTs}`, answerAfterMs: HOLD_MS });
    await claimRequest(h.ports, { requestId: r.id, actor: { userId: TEAMS_STAFF.aadObjectId }, expectedAssignee: null });
    await writeInThread(h, r, { user: VENDOR_USER, text: 'holdt svar' });
    expect(cardText(await hold.held)).toContain('holdt svar');
    // Queued behind the held one, in the same lane.
    await writeInThread(h, r, { user: VENDOR_USER, text: 'etter det holdte' });
    await settled(r.id, EFFECT.cardThreadPost, 2);
    const chain = h.replies(r).map((m) => cardText(m));
    expect(chain.filter((t) => t.includes('holdt svar'))).toHaveLength(1);
    expect(chain.findIndex((t) => t.includes('holdt svar'))).toBeLessThan(chain.findIndex((t) => t.includes('etter det holdte')));
    expect(h.teams.graphReads.slice(graphBefore).some((p) => p.endsWith(`/messages/${r.triageTs}/replies`))).toBe(true);
    const rows = await settled(r.id, EFFECT.cardThreadPost, 2);
    expect(rows.map((x) => x.status)).toEqual(['done', 'done']);
    expect(rows[0]!.attempts).toBeGreaterThan(1);
  });

  it('no personal data reached the log through the faults', () => {
    const log = h.logs.join('\n');
    for (const personal of ['Kari Nordmann', 'kari@acme.no', 'kari@Acme.NO', '412 34 567']) expect(log).not.toContain(personal);
    // The held answer's timeout was logged (deferrals for a 429 log at debug only).
    expect(log).toContain('Teams could not be reached for a post');
  });

  it("Slack's staff tools answer that triage is in Teams", async () => {
    const res = await h.send.command({ command: '/tt02-access', text: 'find acme', user_id: STAFF, channel_id: VENDOR_CHANNEL });
    expect(allText(res.body)).toContain('Microsoft Teams');
    const report = await h.send.command({ command: '/tt02-access', text: 'report', user_id: STAFF, channel_id: VENDOR_CHANNEL });
    expect(allText(report.body)).toContain('Microsoft Teams');
  });

  it('a staff click on a card button left in Slack changes nothing: it is audited and answered that triage is in Teams', async () => {
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    const res = await clickCard(h, { user: STAFF, actionId: 'card_claim', request: r, channel: 'COLDTRIAGE', extra: '' });
    expect(res.status).toBe(200);
    const told = await h.slack.waitFor('chat.postEphemeral', (a) => a.user === STAFF && allText(a).includes('Microsoft Teams'));
    expect(told.args.channel).toBe('COLDTRIAGE');
    expect((await byNumber(h, r.number)).assigneeUserId).toBeNull();
    expect((await eventsOf(h, r)).filter((e) => e.kind === 'denied')).toHaveLength(1);
  });
});

/** The request's outbox rows of `kind` once there are `count` and none is pending (the app records a delivery just after Teams answers). */
async function settled(requestId: string, kind: string, count = 1) {
  for (;;) {
    const next = new Promise((resolve) => h.server.worker!.events.once('delivered', resolve));
    const rows = await h.db.database.db.select().from(outbox).where(and(eq(outbox.requestId, requestId), eq(outbox.kind, kind))).orderBy(outbox.id);
    if (rows.length >= count && rows.every((x) => x.status !== 'pending')) return rows;
    await next;
  }
}

/** The request as stored once its card and receipt ids are recorded. */
async function fileAndAwaitTeamsCardFor(number: number) {
  for (;;) {
    const row = await byNumber(h, number);
    if (row.triageTs && row.receiptTs) return row;
    await new Promise((resolve) => h.server.worker!.events.once('delivered', resolve));
  }
}
