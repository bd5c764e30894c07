import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { findRequests } from '../../../app/find.js';
import { texts, type Locale } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { auditRefusal, triageInTeams } from '../../respond.js';
import { findResults } from '../../views/findResults.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/tt02-access find <reference | organisation number | name>` (staff): an ephemeral list of matches. */
export async function findCommand(deps: SlackDeps, { ack, command }: Args, query: string, locale: Locale): Promise<void> {
  const t = texts(locale);
  // Bounded (STAFF_LOOKUP_MS): the refusal is the acknowledgement itself.
  const staff = await deps.directory.staffVerdict(command.user_id);
  if (staff !== 'staff') {
    const who = { userId: command.user_id, teamId: command.team_id, channelId: command.channel_id };
    await auditRefusal(deps, who, 'find', null, staff === 'unavailable' ? 'staff_check_failed' : 'not_staff');
    await ack({ response_type: 'ephemeral', text: staff === 'unavailable' ? t.refusals.staffCheckFailed : t.refusals.notStaff });
    return;
  }
  // Triage in Teams: the staff tools are there (the personal chat with the bot).
  if (triageInTeams(deps)) {
    await ack({ response_type: 'ephemeral', text: t.staff.triageInTeams });
    return;
  }
  const result = await findRequests(deps.ports, query);
  if (result.kind === 'usage') return void (await ack({ response_type: 'ephemeral', text: t.conversation.find.usage }));
  await ack({ response_type: 'ephemeral', ...findResults(query, result.rows, result.total, locale) });
}
