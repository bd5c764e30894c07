import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { openHome } from '../../../app/home.js';
import { claimRequest } from '../../../app/staffSteps.js';
import { texts } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { openAltinnBatchModal } from '../../openAltinnBatch.js';
import { openIntakeModal } from '../../openIntake.js';
import { auditRefusal } from '../../respond.js';
import { homeView } from '../../views/home.js';
import { noticeModal } from '../../views/intakeModal.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const claimValue = z.object({ r: z.uuid() });
const channelValue = z.string().regex(/^[CG][A-Z0-9]{2,}$/);

/** Republishes the clicker's Home tab: after a claim it shows the request under "Mine" (or who was quicker). */
async function republish(deps: SlackDeps, a: Args, isStaff: boolean): Promise<void> {
  const userId = a.body.user.id;
  const locale = await deps.directory.locale(userId);
  const data = await openHome(deps.ports, { userId, isStaff, locale }, (deps.now ?? (() => new Date()))());
  await a.client.views.publish({ user_id: userId, view: homeView(data, locale) });
}

/**
 * "Claim" on a staff member's Home tab. The Home tab is the user's own, never a shared channel, so
 * staff may claim from there as from the card; anyone else is refused and audited.
 */
export function homeClaimClicked(deps: SlackDeps) {
  return async (a: Args) => {
    await a.ack();
    const who = { userId: a.body.user.id, teamId: a.body.user.team_id };
    const parsed = (() => {
      try {
        return claimValue.safeParse(JSON.parse(a.action.value ?? ''));
      } catch {
        return null;
      }
    })();
    if (!parsed?.success) return auditRefusal(deps, who, 'claim', null, 'malformed_value');
    const verdict = await deps.directory.staffVerdict(who.userId);
    if (verdict !== 'staff') {
      await auditRefusal(deps, who, 'claim', parsed.data.r, verdict === 'unavailable' ? 'staff_check_failed' : 'not_staff');
      return;
    }
    // Only an unassigned request is claimed here: taking over from a colleague is done on the card.
    await claimRequest(deps.ports, { requestId: parsed.data.r, actor: who, expectedAssignee: null });
    await republish(deps, a, true);
  };
}

/** "Request TT02 access" on a requester's Home tab: the intake modal for the channel of their last request. */
export function homeRequestAccessClicked(deps: SlackDeps) {
  return async (a: Args) => {
    await a.ack();
    const userId = a.body.user.id;
    const channel = channelValue.safeParse(a.action.value ?? '');
    if (!channel.success) {
      // No channel known for this user: requests are filed from the channel shared with brreg.
      const locale = deps.directory.cachedLocale(userId) ?? 'nb';
      await a.client.views.open({ trigger_id: a.body.trigger_id, view: noticeModal(locale, texts(locale).home.noChannel) });
      return;
    }
    // The channel is checked again as the modal opens (openIntakeModal), as for the pinned button.
    await openIntakeModal(deps, a.client, { triggerId: a.body.trigger_id, userId, channelId: channel.data });
  };
}

/** "Open" is a link button: Slack still sends the click, which only needs acknowledging. */
export function homeOpenClicked() {
  return async (a: Args) => {
    await a.ack();
  };
}

/** "List for Altinn" on a staff member's Home tab: the batch modal, as `/tt02-access altinn` opens it. */
export function homeAltinnBatchClicked(deps: SlackDeps) {
  return async (a: Args) => {
    await a.ack();
    const who = { userId: a.body.user.id, teamId: a.body.user.team_id };
    const verdict = await deps.directory.staffVerdict(who.userId);
    if (verdict !== 'staff') {
      await auditRefusal(deps, who, 'altinn_batch', null, verdict === 'unavailable' ? 'staff_check_failed' : 'not_staff');
      return;
    }
    await openAltinnBatchModal(deps, a.client, { triggerId: a.body.trigger_id, locale: await deps.directory.locale(who.userId) });
  };
}
