import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueHomeRefresh } from '../../src/app/home.js';
import { outbox } from '../../src/db/schema.js';
import { STAFF, STAFF_2, TRIAGE, VENDOR_CHANNEL, VENDOR_USER, VENDOR_USER_EN, startHarness, type Harness } from '../support/harness.js';
import { FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { blockActionPayload } from '../support/slackRequests.js';
import { allText, awaitCard, clickCard, eventsOf, fileAndAwaitCard, reload } from '../support/triage.js';
import type { Args } from '../support/fakeSlack.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const fictitious = (name = 'Acme Regnskap AS') => ({ ...FICTITIOUS, vendor_org_name: name, vendor_org_number: freshOrgNumber() });

/** The user opens the app's Home tab, as Slack reports it. */
const openHome = (user: string) => h.send.event({ type: 'app_home_opened', user, channel: 'DHOME0001', tab: 'home' });

type Block = { type: string; text?: { text: string }; accessory?: { action_id: string; url?: string; value?: string }; elements?: { action_id?: string; value?: string; text?: unknown }[] };

/** The next views.publish for `user` whose blocks satisfy `pred` (already made, or yet to come). */
async function published(user: string, pred: (json: string) => boolean = () => true): Promise<Block[]> {
  const match = (a: Args) => a.user_id === user && pred(allText((a.view as { blocks: unknown }).blocks));
  const seen = h.slack.callsOf('views.publish').findLast((c) => match(c.args));
  const call = seen ?? (await h.slack.waitFor('views.publish', match));
  return (call.args.view as { blocks: Block[] }).blocks;
}

/** The rows of one section of the staff queue: the blocks after its title, up to the next title. */
function section(blocks: Block[], title: string): Block[] {
  const start = blocks.findIndex((b) => b.type === 'section' && b.text?.text.startsWith(`*${title}*`));
  if (start < 0) throw new Error(`no section ${title}`);
  const rest = blocks.slice(start + 1);
  const end = rest.findIndex((b) => b.type === 'section' && /^\*[^<]/.test(b.text?.text ?? '') && !b.text!.text.includes('TT02-'));
  return end < 0 ? rest : rest.slice(0, end);
}

describe('the Home tab', () => {
  it('shows staff the queue: each row with reference linked to the card, vendor, access type, status, age, assignee and a claim button', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious('Queue Vendor AS'));
    const stored = await reload(h, r);
    expect(stored.triagePermalink).toBe(`https://fake.slack.com/archives/${TRIAGE}/p${r.triageTs!.replace('.', '')}`);

    const before = h.slack.callsOf('views.publish').length;
    await openHome(STAFF);
    const call = await h.slack.waitForNew('views.publish', before, (a) => a.user_id === STAFF);
    const blocks = (call.args.view as { type: string; blocks: Block[] }).blocks;
    expect((call.args.view as { type: string }).type).toBe('home');
    const ref = `TT02-${String(r.number).padStart(4, '0')}`;

    const row = section(blocks, 'Ikke tildelt').find((b) => b.text?.text.includes(ref))!;
    expect(row.text!.text).toContain(`<${stored.triagePermalink}|${ref}>`);
    expect(row.text!.text).toContain('Queue Vendor AS');
    expect(row.text!.text).toContain('Fiktiv virksomhet');
    expect(row.text!.text).toContain('Mottatt');
    expect(row.text!.text).toContain('0 arbeidsdager');
    expect(row.text!.text).toContain('ikke tildelt');
    expect(row.accessory).toMatchObject({ action_id: 'home_claim', value: JSON.stringify({ r: r.id }) });
    expect(section(blocks, 'Venter på Altinn-steget').some((b) => b.text?.text.includes(ref))).toBe(true);
    expect(section(blocks, 'Mine').some((b) => b.text?.text.includes(ref))).toBe(false);
    for (const title of ['Venter på leverandøren', 'Venter på fødselsnummer', 'Nylig avsluttet']) expect(() => section(blocks, title)).not.toThrow();
    // Staff's queue: no personal data either (it is the staff member's own tab, but the rows need none).
    expect(allText(blocks)).not.toContain('kari@acme.no');
  });

  it('shows a vendor only their own requests with their status, and the "Request TT02 access" button for their channel', async () => {
    const own = await fileAndAwaitCard(h, VENDOR_USER_EN, fictitious('Own Vendor Ltd'));
    await fileAndAwaitCard(h, VENDOR_USER, fictitious('Someone Else AS'));
    await openHome(VENDOR_USER_EN);
    const blocks = await published(VENDOR_USER_EN, (j) => j.includes('Own Vendor Ltd'));
    const json = allText(blocks);
    expect(json).toContain('Your TT02 access requests');
    expect(json).toContain(`TT02-${String(own.number).padStart(4, '0')}`);
    expect(json).toContain('Received');
    expect(json).not.toContain('Someone Else AS');
    expect(json).not.toContain('home_claim');
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'home_request_access');
    expect(button?.value).toBe(VENDOR_CHANNEL);

    // The button opens the intake modal for that channel.
    const opened = h.slack.callsOf('views.open').length;
    await h.send.interactive(
      blockActionPayload({
        user: { id: VENDOR_USER_EN, team_id: 'TVENDOR01' },
        action: { action_id: 'home_request_access', block_id: 'home_request', value: VENDOR_CHANNEL },
      }),
    );
    const modal = await h.slack.waitForNew('views.open', opened);
    expect(allText(modal.args.view)).toContain(VENDOR_CHANNEL);
    expect((modal.args.view as { callback_id: string }).callback_id).not.toBe('tt02_notice');
  });

  it('tells someone with no requests where requests are filed when they click "Request TT02 access"', async () => {
    await openHome('UCOLLEAG1');
    const blocks = await published('UCOLLEAG1');
    expect(allText(blocks)).toContain('Du har ingen bestillinger ennå.');
    const opened = h.slack.callsOf('views.open').length;
    await h.send.interactive(
      blockActionPayload({ user: { id: 'UCOLLEAG1', team_id: 'THOST' }, action: { action_id: 'home_request_access', block_id: 'home_request', value: '' } }),
    );
    const modal = await h.slack.waitForNew('views.open', opened);
    expect(allText(modal.args.view)).toContain('Bruk knappen «Be om TT02-tilgang» der');
  });

  it('lets staff claim from Home: the request moves to "Mine", and the card shows the assignee', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious('Claim From Home AS'));
    await openHome(STAFF_2);
    await published(STAFF_2, (j) => j.includes('Claim From Home AS'));
    await h.send.interactive(
      blockActionPayload({
        user: { id: STAFF_2, team_id: 'THOST' },
        action: { action_id: 'home_claim', block_id: 'home', value: JSON.stringify({ r: r.id }) },
      }),
    );
    const blocks = await published(STAFF_2, (j) => new RegExp(`Claim From Home AS[^"]*<@${STAFF_2}>`).test(j));
    const ref = `TT02-${String(r.number).padStart(4, '0')}`;
    expect(section(blocks, 'Mine').some((b) => b.text?.text.includes(ref))).toBe(true);
    expect(section(blocks, 'Ikke tildelt').some((b) => b.text?.text.includes(ref))).toBe(false);
    expect((await reload(h, r)).assigneeUserId).toBe(STAFF_2);
    await awaitCard(h, r, (c) => c.includes(`<@${STAFF_2}>`));
  });

  it('gives staff the list for Altinn from Home: the button opens the batch modal with the requests waiting for the Altinn step', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious('Altinn From Home AS'));
    await openHome(STAFF);
    const blocks = await published(STAFF, (j) => j.includes('Altinn From Home AS'));
    expect(allText(blocks)).toContain('Liste til Altinn');
    const opened = h.slack.callsOf('views.open').length;
    await h.send.interactive(
      blockActionPayload({ user: { id: STAFF, team_id: 'THOST' }, action: { action_id: 'home_altinn_batch', block_id: 'home_staff_tools', value: 'altinn' } }),
    );
    const modal = await h.slack.waitForNew('views.open', opened);
    expect((modal.args.view as { callback_id?: string }).callback_id).toBe('altinn_batch');
    const ref = `TT02-${String(r.number).padStart(4, '0')}`;
    const filled = await h.slack.waitFor('views.update', (a) => allText(a.view).includes(ref));
    expect((filled.args.view as { callback_id?: string }).callback_id).toBe('altinn_batch');
  });

  it('refuses a claim from Home by someone who is not staff, and audits it', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious('Not Yours AS'));
    await h.send.interactive(
      blockActionPayload({
        user: { id: VENDOR_USER, team_id: 'TVENDOR01' },
        action: { action_id: 'home_claim', block_id: 'home', value: JSON.stringify({ r: r.id }) },
      }),
    );
    for (;;) {
      const denied = (await eventsOf(h, r)).find((e) => e.kind === 'denied');
      if (denied) {
        expect(denied.details).toMatchObject({ action: 'claim', reason: 'not_staff' });
        break;
      }
      await h.logged((l) => l.includes('action refused'));
    }
    expect((await reload(h, r)).assigneeUserId).toBeNull();
  });

  it('republishes the Home tabs of the staff who look and of the requester when a request changes', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious('Kept Current AS'));
    await openHome(STAFF);
    await openHome(VENDOR_USER);
    await published(STAFF, (j) => j.includes('Kept Current AS'));
    await published(VENDOR_USER, (j) => j.includes('Kept Current AS'));

    // Staff claim on the card and record the Altinn step: nobody reopens Home, yet both tabs follow.
    await clickCard(h, { user: STAFF_2, actionId: 'card_claim', request: r, extra: '' });
    const staffHome = await published(STAFF, (j) => new RegExp(`Kept Current AS[^"]*<@${STAFF_2}>`).test(j));
    expect(section(staffHome, 'Ikke tildelt').some((b) => b.text?.text.includes('Kept Current AS'))).toBe(false);

    const claimed = await reload(h, r);
    await clickCard(h, { user: STAFF_2, actionId: 'card_altinn', request: claimed });
    const opened = await h.slack.waitFor('views.open', (a) => (a.view as { callback_id?: string }).callback_id === 'staff_fictitious_org');
    const { submitModal, text } = await import('../support/triage.js');
    await submitModal(h, {
      user: STAFF_2,
      callbackId: 'staff_fictitious_org',
      privateMetadata: (opened.args.view as { private_metadata: string }).private_metadata,
      values: text('fictitious_org_number', '991825827'),
    });
    const vendorHome = await published(VENDOR_USER, (j) => j.includes('Kept Current AS') && j.includes('Fiktiv virksomhet opprettet'));
    expect(allText(vendorHome)).not.toContain(STAFF_2);
  });

  it('debounces: changes in quick succession queue one refresh per user', async () => {
    const r = await fileAndAwaitCard(h, VENDOR_USER, fictitious('Debounced AS'));
    await openHome(STAFF);
    await published(STAFF, (j) => j.includes('Debounced AS'));
    const db = h.db.database.db;
    const now = new Date();
    for (let i = 0; i < 5; i++) await queueHomeRefresh(db, r.id, 3_600_000, now);
    const rows = await db.select().from(outbox).where(and(eq(outbox.kind, 'slack.home.publish'), like(outbox.dedupeKey, `home:${STAFF}:%`)));
    const bucket = Math.floor(Date.now() / 3_600_000);
    const thisBucket = rows.filter((row) => [String(bucket), String(bucket - 1)].some((b) => row.dedupeKey === `home:${STAFF}:${b}`));
    expect(thisBucket).toHaveLength(1);
    expect(thisBucket[0]!.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
  });

  it('re-checks staff before publishing the queue: someone removed from staff gets the requester view from the next change on', async () => {
    await fileAndAwaitCard(h, VENDOR_USER, fictitious('Seen While Staff AS'));
    await openHome(STAFF_2);
    await published(STAFF_2, (j) => j.includes('Seen While Staff AS') && j.includes('Ikke tildelt'));
    // STAFF_2 leaves STAFF_USER_IDS; their Home tab was saved as a staff one.
    const before = h.slack.callsOf('views.publish').length;
    // Stopped first: an instance still running with the old setting would publish as before.
    await h.stopApp();
    await h.restartApp({ STAFF_USER_IDS: STAFF });
    try {
      await fileAndAwaitCard(h, VENDOR_USER, fictitious('Filed After Removal AS'));
      const isQueue = (a: Args) => allText((a.view as { blocks: unknown }).blocks).includes('Ikke tildelt');
      // The next republish of their tab (this change's, or one already queued) is the requester's; a publish
      // the old instance had under way may still land first.
      await h.slack.waitForNew('views.publish', before, (a) => a.user_id === STAFF_2 && !isQueue(a));
      const since = h.slack.callsOf('views.publish').slice(before).filter((c) => c.args.user_id === STAFF_2);
      expect(since.filter((c) => allText((c.args.view as { blocks: unknown }).blocks).includes('Filed After Removal AS'))).toEqual([]);
      // Still staff: the queue, with the new request.
      await openHome(STAFF);
      await published(STAFF, (j) => j.includes('Filed After Removal AS'));
    } finally {
      await h.stopApp();
      await h.restartApp();
    }
  });
});
