import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { requestExport } from '../../../app/archive.js';
import { requestReport } from '../../../app/reports.js';
import { parsePeriod } from '../../../domain/period.js';
import { formatReference, parseReference } from '../../../domain/reference.js';
import { texts, type Locale } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { openAltinnBatchModal } from '../../openAltinnBatch.js';
import { auditRefusal, triageInTeams } from '../../respond.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const STAFF_TOOLS = ['altinn', 'report', 'export'] as const;

/**
 * `/tt02-access altinn | report [period] [with-contacts] | export <reference>`, for staff only. Returns
 * false when `sub` is none of these (the caller goes on).
 */
export async function staffTool(deps: SlackDeps, a: Args, sub: string, rest: string[], locale: Locale): Promise<boolean> {
  if (!(STAFF_TOOLS as readonly string[]).includes(sub)) return false;
  const { command, ack, client } = a;
  const t = texts(locale);
  const staff = await deps.directory.staffVerdict(command.user_id);
  if (staff !== 'staff') {
    const who = { userId: command.user_id, teamId: command.team_id, channelId: command.channel_id };
    await auditRefusal(deps, who, sub, null, staff === 'unavailable' ? 'staff_check_failed' : 'not_staff');
    await ack({ response_type: 'ephemeral', text: staff === 'unavailable' ? t.refusals.staffCheckFailed : t.refusals.notStaff });
    return true;
  }
  // Triage in Teams: the staff tools are there (the personal chat with the bot).
  if (triageInTeams(deps)) {
    await ack({ response_type: 'ephemeral', text: t.staff.triageInTeams });
    return true;
  }
  const actor = { userId: command.user_id, teamId: command.team_id };

  if (sub === 'altinn') {
    await ack();
    await openAltinnBatchModal(deps, client, { triggerId: command.trigger_id, locale });
    return true;
  }

  if (sub === 'report') {
    const withContacts = rest.includes('with-contacts');
    const words = rest.filter((w) => w !== 'with-contacts');
    const parsed = parsePeriod(words.join(' '), new Date());
    if (!parsed.ok || words.length > 1) {
      await ack({ response_type: 'ephemeral', text: `${t.reports.badPeriod(words.join(' '))}\n${t.reports.usage}` });
      return true;
    }
    const period = parsed.period;
    await requestReport(deps.ports, { job: { period, userId: command.user_id, locale, withContacts }, actor, key: command.trigger_id });
    await ack({ response_type: 'ephemeral', text: withContacts ? t.reports.reportQueuedWithContacts(period.label) : t.reports.reportQueued(period.label) });
    return true;
  }

  // export
  const number = rest.length === 1 ? parseReference(rest[0]!) : null;
  if (number === null) {
    await ack({ response_type: 'ephemeral', text: t.reports.exportUsage });
    return true;
  }
  const result = await requestExport(deps.ports, { number, userId: command.user_id, teamId: command.team_id, locale });
  const ref = formatReference(number);
  await ack({ response_type: 'ephemeral', text: result.kind === 'queued' ? t.reports.exportQueued(ref) : t.reports.exportNotFound(ref) });
  return true;
}
