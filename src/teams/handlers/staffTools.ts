import { randomUUID } from 'node:crypto';
import type { IAdaptiveCard } from '@microsoft/teams.cards';
import { listAwaitingAltinn } from '../../app/altinnBatch.js';
import { requestExport } from '../../app/archive.js';
import { findRequests } from '../../app/find.js';
import { staffQueue } from '../../app/home.js';
import { requestReport } from '../../app/reports.js';
import { teamsPeople } from '../../app/teamsPeople.js';
import { parsePeriod } from '../../domain/period.js';
import { formatReference, parseReference } from '../../domain/reference.js';
import { texts } from '../../domain/texts/index.js';
import { auditTeamsRefusal, type TeamsHandlerDeps } from '../respond.js';
import { altinnPickCard, findCard, noticeCard, queueCard } from '../views/tools.js';
import { answerPrivately, rememberWho, toolsRefusal } from './reply.js';
import { chatMessageReceived } from './vendorEntry.js';
import { whoIs, type TeamsWho } from './who.js';

/** The staff tools by the words staff type (English as Slack's subcommands, and Norwegian). */
const COMMANDS: Record<string, StaffCommand | 'help'> = {
  queue: 'queue', kø: 'queue', ko: 'queue', koen: 'queue', køen: 'queue',
  find: 'find', finn: 'find', søk: 'find',
  altinn: 'altinn',
  report: 'report', rapport: 'report',
  export: 'export', eksport: 'export',
  help: 'help', hjelp: 'help',
};
type StaffCommand = 'queue' | 'find' | 'altinn' | 'report' | 'export';

interface MessageIn {
  id?: string;
  text?: string;
  value?: unknown;
  recipient?: { id?: string };
  entities?: { type?: string; mentioned?: { id?: string } }[];
  conversation?: { id?: string; conversationType?: string };
}

/** The message's words without the bot's @mention (Teams sends it as `<at>name</at>`) and any markup. */
export function commandText(text: string): string {
  return text
    .replace(/<at>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .trim();
}

const mentionsBot = (a: MessageIn) => !!a.entities?.some((e) => e.type === 'mention' && e.mentioned?.id && e.mentioned.id === a.recipient?.id);
/** A channel reply chain's id is the channel's with `;messageid=…`. */
const channelOf = (conversationId: string) => conversationId.split(';')[0]!;

/**
 * Messages to the bot: in the personal chat every message is a command, unless it does not start with
 * one and its sender has a request open there (then it is theirs for the card: vendorEntry.ts's
 * chatMessageReceived); in a channel only an
 * @mention of the bot naming a staff tool (anything else is left to the other handlers). The tools
 * answer in the triage channel only, privately (a targeted message); anywhere else the asker is told
 * to use the staff channel or the personal chat. Staff only: anyone else gets a refusal only they
 * see, and the attempt is audited.
 */
export function registerStaffToolMessages(deps: TeamsHandlerDeps): void {
  const { sdk } = deps;

  // The install and the chat's creation carry the personal chat's id: kept for reminders and files.
  sdk.on('install.add', async (ctx) => {
    const who = whoIs(ctx.activity);
    if (who) await rememberWho(deps, who);
    await ctx.next();
  });
  sdk.on('conversationUpdate', async (ctx) => {
    const who = whoIs(ctx.activity);
    if (who && who.conversationType === 'personal') await rememberWho(deps, who);
    await ctx.next();
  });

  sdk.on('message', async (ctx) => {
    const a = ctx.activity as MessageIn;
    const who = whoIs(ctx.activity);
    const words = commandText(a.text ?? '').split(/\s+/).filter(Boolean);
    const personal = who?.conversationType === 'personal';
    // A card's Action.Submit (old clients) has a value and no words: not ours.
    if (!who || words.length === 0 || (!personal && !mentionsBot(a))) return void (await ctx.next());
    const command = COMMANDS[words[0]!.toLowerCase()];
    if (!personal && !command) return void (await ctx.next());
    await rememberWho(deps, who);
    // Not a command: in a chat where the sender filed requests, their words go to the request's card.
    if (!command && (await chatMessageReceived(deps, ctx.activity, (id, activity) => ctx.api.conversations.createActivity(id, activity)))) return;
    const card = await answer(deps, who, a, command, words);
    await answerPrivately((act) => ctx.send(act as never), who, card);
  });
}

async function answer(deps: TeamsHandlerDeps, who: TeamsWho, a: MessageIn, command: StaffCommand | 'help' | undefined, words: string[]): Promise<IAdaptiveCard> {
  const t = texts(who.locale);
  const tt = t.teamsTools;
  if (command === 'help' || !command) {
    // Each person is shown what they may run; a check that could not be made shows what everyone may.
    if ((await deps.staff.verdict(who)) !== 'staff') return noticeCard(tt.everyone);
    return noticeCard(command ? tt.help : `${tt.unknownCommand(words[0]!)}\n\n${tt.help}`);
  }
  const refusal = await toolsRefusal(deps, who, command);
  if (refusal) return noticeCard(refusal);
  const triage = deps.teams.triageConversationId;
  // Triage in Slack: staff's files and reminders go to Slack users, so the tools are Slack's there.
  if (!triage) return noticeCard(tt.triageInSlack);
  if (who.conversationType !== 'personal' && channelOf(who.conversationId) !== channelOf(triage)) {
    await auditTeamsRefusal(deps, who, command, null, 'wrong_channel');
    return noticeCard(t.refusals.wrongChannel);
  }
  const now = deps.now?.() ?? new Date();
  const rest = words.slice(1);
  const actor = { userId: who.aadObjectId, teamId: who.tenantId };

  switch (command) {
    case 'queue':
      return queueCardFor(deps, who, now);
    case 'find': {
      const query = rest.join(' ');
      const result = await findRequests(deps.ports, query);
      if (result.kind === 'usage') return noticeCard(tt.findUsage);
      return findCard(query, result.rows, result.total, who.locale);
    }
    case 'altinn':
      // The batch id is made now: pressing the card's button twice makes one list.
      return altinnPickCard(await listAwaitingAltinn(deps.ports), randomUUID(), who.locale);
    case 'report': {
      const withContacts = rest.some((w) => w.toLowerCase() === 'with-contacts');
      const period = rest.filter((w) => w.toLowerCase() !== 'with-contacts');
      const parsed = parsePeriod(period.join(' '), now);
      if (!parsed.ok || period.length > 1) return noticeCard(`${t.reports.badPeriod(period.join(' '))}\n\n${tt.reportUsage}`);
      // The activity's id: Teams' retry of the same message queues one report.
      await requestReport(deps.ports, { job: { period: parsed.period, userId: who.aadObjectId, locale: who.locale, withContacts }, actor, key: `teams:${a.id ?? randomUUID()}` });
      return noticeCard(withContacts ? tt.reportQueuedWithContacts(parsed.period.label) : tt.reportQueued(parsed.period.label));
    }
    case 'export': {
      const number = rest.length === 1 ? (parseReference(rest[0]!) ?? (/^\d{1,6}$/.test(rest[0]!) ? Number(rest[0]) : null)) : null;
      if (number === null) return noticeCard(tt.exportUsage);
      const ref = formatReference(number);
      const result = await requestExport(deps.ports, { number, userId: who.aadObjectId, teamId: who.tenantId, locale: who.locale });
      return noticeCard(result.kind === 'queued' ? tt.exportQueued(ref) : t.reports.exportNotFound(ref));
    }
  }
}

/** The staff queue for one staff member, assignees by name (people the app has met), with a notice on top. */
export async function queueCardFor(deps: TeamsHandlerDeps, who: TeamsWho, now: Date, notice?: string): Promise<IAdaptiveCard> {
  const data = await staffQueue(deps.ports, who.aadObjectId, now);
  const ids = Object.values(data.sections).flatMap((l) => l.rows.flatMap((r) => (r.assigneeUserId ? [r.assigneeUserId] : [])));
  const names = await teamsPeople(deps.ports, ids);
  return queueCard(data, who.locale, (id) => names.get(id)?.name || id, notice);
}
