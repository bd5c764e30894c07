import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF, TRIAGE, VENDOR_CHANNEL, VENDOR_USER, startHarness, type Harness } from '../support/harness.js';
import { FICTITIOUS, freshOrgNumber, openIntakeByButton, submitIntake } from '../support/intake.js';
import { allText, awaitCard, awaitLinkedCard, awaitStored, clickCard, reload } from '../support/triage.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ socketMode: true });
});
afterAll(async () => {
  await h?.stop();
});

describe('Socket Mode', () => {
  it('connects with the app-level token, needing no signing secret', () => {
    expect(h.env.SLACK_SIGNING_SECRET).toBe('');
    const opens = h.slack.callsOf('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.token).toMatch(/^xapp-/);
    expect(h.socket!.connections).toBe(1);
  });

  it('takes an intake through the socket, reconnects after the connection drops, and takes a staff step', async () => {
    // The pinned button (block_actions) opens the modal; its submission (view_submission) is acknowledged
    // over the socket with the receipt view.
    const modal = await openIntakeByButton(h, VENDOR_USER);
    expect(modal.view.callback_id).toBe('tt02_intake');
    const ack = await submitIntake(h, {
      viewId: modal.id,
      privateMetadata: modal.view.private_metadata,
      user: VENDOR_USER,
      fields: { ...FICTITIOUS, vendor_org_number: freshOrgNumber() },
    });
    expect(ack.body).toMatchObject({ response_action: 'update' });
    const ref = /TT02-\d{4}/.exec(allText(ack.body))![0];
    await awaitLinkedCard(h, ref);
    const r = await awaitStored(h, Number(ref.slice(5)));
    expect(h.slack.message(VENDOR_CHANNEL, r.receiptTs!)).toBeDefined();
    expect(allText(h.slack.message(TRIAGE, r.triageTs!)!.blocks)).toContain(ref);

    // The connection drops: the client asks for a new URL and connects again.
    h.socket!.drop();
    await h.socket!.waitForConnection(2);
    expect(h.slack.callsOf('apps.connections.open')).toHaveLength(2);

    // The next envelope on the new connection is handled: a staff member claims the request.
    const claim = await clickCard(h, { user: STAFF, actionId: 'card_claim', request: r, extra: '' });
    expect(claim.status).toBe(200);
    await awaitCard(h, r, (c) => c.includes(`<@${STAFF}>`));
    expect((await reload(h, r)).assigneeUserId).toBe(STAFF);
  }, 30_000); // the client waits 5 s before reconnecting (its fixed clientPingTimeout)

  it('stopping the app closes its socket', async () => {
    expect(h.socket!.open).toBe(1);
    await h.stopApp();
    await h.socket!.waitForNoConnection();
    expect(h.socket!.open).toBe(0);
    await h.restartApp();
    await h.socket!.waitForConnection(3);
  });
});
