/**
 * Triage in Teams, on a clock the test controls: the morning digest is a card in the Teams triage
 * channel, and the purge (RETENTION_DAYS=0: at close) replaces the vendor's mirrored words in the
 * card's reply chain and empties the requester's name.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectRequest } from '../../src/app/staffSteps.js';
import { requestEvents, requests } from '../../src/db/schema.js';
import { osloDay, osloMinutes } from '../../src/domain/workingDays.js';
import { VENDOR_USER } from '../support/harness.js';
import { FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { cardText, fileAndAwaitTeamsCard, startTeamsTriageHarness, TEAMS_STAFF, TEAMS_TRIAGE, type TeamsTriageHarness } from '../support/teamsTriageHarness.js';
import { writeInThread } from '../support/threadMessages.js';
import { reload } from '../support/triage.js';

function oslo(day: string, hm: string): Date {
  for (const offset of ['+01:00', '+02:00']) {
    const d = new Date(`${day}T${hm}:00${offset}`);
    if (osloDay(d) === day && osloMinutes(d) === Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3))) return d;
  }
  throw new Error(`no such Oslo time ${day} ${hm}`);
}

let clock = oslo('2026-12-07', '08:29');
let h: TeamsTriageHarness;
beforeAll(async () => {
  h = await startTeamsTriageHarness({ now: () => clock, env: { DIGEST_TIME: '08:30', RETENTION_DAYS: '0' } });
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const ref = (n: number) => `TT02-${String(n).padStart(4, '0')}`;

describe('triage in Teams: the digest and the purge', () => {
  it('the morning digest is one card in the Teams triage channel, linking to the card in Teams', async () => {
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_name: 'Digest Vendor AS', vendor_org_number: freshOrgNumber() });
    const filed = oslo('2026-12-01', '10:00');
    await h.db.database.db.update(requests).set({ createdAt: filed }).where(eq(requests.id, r.id));
    await h.db.database.db.update(requestEvents).set({ at: filed }).where(eq(requestEvents.requestId, r.id));
    clock = oslo('2026-12-07', '08:31');
    await Promise.all([h.server.reminders!.tick(), h.server.reminders!.tick()]);
    const digest = await h.waitForCall((c) => c.conversationId === TEAMS_TRIAGE && cardText(c).includes('Morgenoversikt 2026-12-07'));
    const text = cardText(digest);
    const link = (await reload(h, r)).triagePermalink!;
    expect(link).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/message\//);
    expect(text).toContain(`[${ref(r.number)}](${link})`);
    expect(text).toContain('Digest Vendor AS');
    expect(text).not.toContain('kari@');
    expect(h.teams.channel(TEAMS_TRIAGE).filter((m) => cardText(m).includes('Morgenoversikt'))).toHaveLength(1);
  });

  it("closing a request purges it: the vendor's words mirrored in the reply chain are replaced", async () => {
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    await writeInThread(h, r, { user: VENDOR_USER, text: 'Ring meg på 412 34 567' });
    const mirrored = await h.waitForCall((c) => c.conversationId === `${TEAMS_TRIAGE};messageid=${r.triageTs}` && cardText(c).includes('412 34 567'));
    // The requester's name (users.info's, for the Teams card) is personal data like the contact's.
    expect(r.requesterName).toBeTruthy();
    expect((await rejectRequest(h.ports, { requestId: r.id, actor: { userId: TEAMS_STAFF.aadObjectId }, reason: 'Ikke en leverandør' })).kind).toBe('ok');
    const redaction = await h.waitForCall((c) => c.method === 'PUT' && c.activityId === mirrored.answeredId, 30_000);
    expect(redaction.conversationId).toBe(`${TEAMS_TRIAGE};messageid=${r.triageTs}`);
    expect(cardText(redaction)).toContain('Slettet');
    expect(cardText(h.replies(r)[0])).not.toContain('412 34 567');
    expect((await reload(h, r)).requesterName).toBeNull();
  });
});
