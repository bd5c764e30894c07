import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { blockActionPayload } from '../support/slackRequests.js';
import { FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { generate } from '../support/fnr.js';
import { formatReference } from '../../src/domain/reference.js';
import type { RequestRow } from '../../src/db/schema.js';
import {
  advanceToFnrRegistered,
  allText,
  awaitCard,
  awaitModal,
  awaitThreadNote,
  clickVendorButton,
  ephemeralsTo,
  eventsOf,
  fileAndAwaitCard,
  openConfirmationPreview,
  reload,
  submitModal,
  text,
} from '../support/triage.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const FNR = generate('208190');

async function completed() {
  const r0 = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
  const r = await advanceToFnrRegistered(h, r0, STAFF, FNR);
  const preview = await openConfirmationPreview(h, r, STAFF);
  await submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
  const note = await awaitThreadNote(h, r, (s) => s.includes('sendt på e-post'));
  return { r: await reload(h, r), note };
}

describe('after completion: "Did this work for you?"', () => {
  it('asks in the thread under the confirmation note; a 👍 is stored, audited and shown to staff', async () => {
    const { r, note } = await completed();
    const blocks = allText(note.args.blocks);
    expect(blocks).toContain('Fungerte dette for dere?');
    expect(blocks).toContain('feedback_up');
    expect(blocks).toContain('feedback_down');

    await clickVendorButton(h, { user: VENDOR_USER, actionId: 'feedback_up', request: r });
    await awaitCard(h, r, (c) => c.includes('Tilbakemelding') && c.includes(':+1: Fungerte'));
    expect(await reload(h, r)).toMatchObject({ feedback: 'up', feedbackUserId: VENDOR_USER, feedbackComment: null });
    expect((await eventsOf(h, r)).map((e) => e.kind)).toContain('feedback');
    await h.slack.waitFor('chat.postEphemeral', (a) => a.user === VENDOR_USER && String(a.text).includes('Takk for tilbakemeldingen'));
  });

  it('a 👎 is stored at once and asks for one line of why, which is required and then shown on the card', async () => {
    const { r } = await completed();
    const opened = h.slack.callsOf('views.open').length;
    await clickVendorButton(h, { user: VENDOR_USER, actionId: 'feedback_down', request: r });
    const modal = await awaitModal(h, 'vendor_feedback_why', opened);
    expect((await reload(h, r)).feedback).toBe('down');

    const submit = (why: string) =>
      submitModal(h, { user: VENDOR_USER, team: 'TVENDOR01', callbackId: 'vendor_feedback_why', privateMetadata: modal.view.private_metadata, values: text('feedback_why', why) });
    expect((await submit('   ')).body).toMatchObject({ response_action: 'errors', errors: { feedback_why: 'Fyll ut dette feltet.' } });
    // Free text's one rule: a NUL (which the database refuses) or a direction override is refused at the form.
    for (const bad of ['Feil\u0000her', 'Feil \u202Eher']) {
      const refused = await submit(bad);
      expect(refused.status).toBe(200);
      expect((refused.body as { errors: Record<string, string> }).errors.feedback_why).toMatch(/usynlige styretegn/);
    }
    const ok = await submit('Fikk ikke logget inn med <TestID>');
    expect(ok.body).toMatchObject({ response_action: 'update' });
    expect(await reload(h, r)).toMatchObject({ feedback: 'down', feedbackComment: 'Fikk ikke logget inn med <TestID>' });
    await awaitCard(h, r, (c) => c.includes(':-1: Fungerte ikke') && c.includes('Fikk ikke logget inn med &lt;TestID&gt;'));
    // The why may hold anything typed: it is not copied into the audit trail.
    expect(allText(await eventsOf(h, r))).not.toContain('Fikk ikke logget inn');
  });

  it('is not taken for a request that is not completed, or from another channel', async () => {
    const thanks = () => ephemeralsTo(h, VENDOR_USER).filter((c) => String(c.args.text).includes('Takk for tilbakemeldingen')).length;
    const before = thanks();
    const r = await fileAndAwaitCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    await clickVendorButton(h, { user: VENDOR_USER, actionId: 'feedback_up', request: r });
    const { r: done } = await completed();
    await clickVendorButton(h, { user: VENDOR_USER, actionId: 'feedback_up', request: done, channel: 'CVENDOR02' });
    // A later, valid click proves the earlier ones were processed and refused.
    await clickVendorButton(h, { user: VENDOR_USER, actionId: 'feedback_down', request: done });
    await awaitCard(h, done, (c) => c.includes(':-1: Fungerte ikke'));
    expect((await reload(h, r)).feedback).toBeNull();
    expect((await reload(h, done)).feedbackUserId).toBe(VENDOR_USER);
    expect(thanks()).toBe(before);
  });
});

describe('buttons that outlive their use', () => {
  /** A click on a button in a thread reply, as Slack sends it: the message with its blocks and thread. */
  const clickInThread = (r: RequestRow, note: { ts: string; blocks?: unknown }, actionId: string) =>
    h.send.interactive(
      blockActionPayload({
        user: { id: VENDOR_USER, team_id: 'TVENDOR01' },
        channel: r.channelId,
        message: { ts: note.ts, thread_ts: r.receiptTs!, blocks: note.blocks } as never,
        action: { action_id: actionId, block_id: actionId.startsWith('feedback') ? `feedback:${r.id}` : `answer:${r.id}`, value: r.id },
      }),
    );

  it('replaces 👍 / 👎 with the answer once given, and thanks the vendor in the thread', async () => {
    const { r, note } = await completed();
    const ts = String(note.response.ts);
    await clickInThread(r, { ts, blocks: note.args.blocks }, 'feedback_up');
    const update = await h.slack.waitFor('chat.update', (a) => a.ts === ts && a.channel === r.channelId);
    const shown = allText(update.args.blocks);
    expect(shown).toContain('Fungerte dette for dere?');
    expect(shown).toContain('👍 Ja');
    expect(shown).toContain(`<@${VENDOR_USER}>`);
    expect(shown).not.toContain('feedback_up');
    expect(shown).not.toContain('feedback_down');
    expect(shown).toContain('sendt på e-post');
    const thanks = await h.slack.waitFor('chat.postEphemeral', (a) => a.user === VENDOR_USER && String(a.text).includes('Takk for tilbakemeldingen') && a.thread_ts === r.receiptTs);
    expect(thanks.args.channel).toBe(r.channelId);
  });

  it('tells a stale Answer button’s refusal in the thread, not in the channel', async () => {
    const { r } = await completed();
    await clickInThread(r, { ts: '1700000999.000001' }, 'answer_info');
    const refusal = await h.slack.waitFor('chat.postEphemeral', (a) => a.user === VENDOR_USER && String(a.text).includes('er allerede avsluttet') && String(a.text).includes(formatReference(r.number)));
    expect(refusal.args.thread_ts).toBe(r.receiptTs);
  });
});
