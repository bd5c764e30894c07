import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { texts } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { within } from '../../directory.js';
import { openIntakeModal } from '../../openIntake.js';
import { postEntryMessage } from '../../postEntryMessage.js';
import { auditRefusal } from '../../respond.js';
import { findCommand } from './find.js';
import { staffTool } from './staffTools.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/tt02-access` opens the intake modal; `/tt02-access post-button` (staff) posts the pinned button;
 * `find` and the staff tools have their own modules; anything else (`help`) lists what the user may run.
 */
export function tt02AccessCommand(deps: SlackDeps) {
  return async (args: Args) => {
    const { ack, command, client } = args;
    const [sub = '', ...rest] = command.text.trim().toLowerCase().split(/\s+/);
    // The answers below are the user's own: in their Slack locale. Opening the form must not wait for
    // it (the form looks it up itself); any other answer waits for it briefly.
    const locale =
      deps.directory.cachedLocale(command.user_id) ??
      (sub === '' ? 'nb' : await within(deps.directory.locale(command.user_id), 1000, 'nb' as const));
    const t = texts(locale);

    if (sub === 'post-button' || sub === 'post') {
      // Bounded (STAFF_LOOKUP_MS): the refusal is the acknowledgement itself.
      const staff = await deps.directory.staffVerdict(command.user_id);
      if (staff !== 'staff') {
        // Audited before the answer (one short insert), so the record exists when the user reads it.
        const who = { userId: command.user_id, teamId: command.team_id, channelId: command.channel_id };
        await auditRefusal(deps, who, 'post_button', null, staff === 'unavailable' ? 'staff_check_failed' : 'not_staff');
        await ack({ response_type: 'ephemeral', text: staff === 'unavailable' ? t.refusals.staffCheckFailed : t.refusals.notStaff });
        return;
      }
      await ack();
      await postEntryMessage(deps, client, command.channel_id, { pin: true, notifyUser: command.user_id });
      return;
    }
    const find = /^find(?:\s+([\s\S]*))?$/i.exec(command.text.trim());
    if (find) return findCommand(deps, args, find[1] ?? '', locale);
    if (await staffTool(deps, args, sub, rest, locale)) return;
    if (sub !== '') {
      // `help`, or a word we do not know: each person is shown only the commands they may run.
      // Bounded (STAFF_LOOKUP_MS); a check that could not be made shows what everyone may run.
      const staff = await deps.directory.staffVerdict(command.user_id);
      await ack({ response_type: 'ephemeral', text: staff === 'staff' ? t.help.staff : t.help.everyone });
      return;
    }

    // The channel decides; a slow answer must not cost the trigger, so wait at most briefly.
    const verdict =
      deps.directory.knownIntakeChannel(command.channel_id) ??
      (await within(deps.directory.intakeChannel(command.channel_id), 1000, 'unknown' as const));
    if (verdict === 'not_allowed') {
      await ack({ response_type: 'ephemeral', text: t.refusals.channelNotAllowed });
      return;
    }
    await ack();
    await openIntakeModal(deps, client, {
      triggerId: command.trigger_id,
      userId: command.user_id,
      channelId: command.channel_id,
      channelVerdict: verdict,
    });
  };
}
