import type { TaskModuleResponse } from '@microsoft/teams.api';
import { z } from 'zod';
import type { RegisterLookup } from '../../app/ports.js';
import { intakePrefill } from '../../app/queries.js';
import { submitRequest } from '../../app/submitRequest.js';
import { rememberTeamsPerson } from '../../app/teamsPeople.js';
import type { IntakeInput } from '../../domain/intake.js';
import { parseOrgNumber } from '../../domain/orgnr.js';
import { formatReference } from '../../domain/reference.js';
import { LOCALES, texts, type Locale } from '../../domain/texts/index.js';
import { actorOf, clickerOf, type TeamsClicker } from '../clicker.js';
import { acceptedServiceUrl } from '../connector.js';
import type { TeamsDeps } from '../deps.js';
import { dialogAnswer, dialogMessage } from '../respond.js';
import { intakeDialog, intakeNoticeDialog, ORG_FIELDS, PRODUCTION_DATA_ACK_ON, registerNote, type IntakeDialogState, type OrgField } from '../views/intakeDialog.js';
import { VENDOR_VERB } from '../views/vendorCards.js';

/** How long the pre-fill read may hold up the dialog (an invoke is answered within 5 s). */
const PREFILL_BUDGET_MS = 1000;
/** How long "Check" waits for the register before saying it is not answering. */
const CHECK_BUDGET_MS = 2500;

export type IntakeVerdict = 'allowed' | 'not_allowed';

/**
 * Where intake is allowed in Teams: a channel the bot is in (any, with TEAMS_VENDOR_CONVERSATION_IDS
 * empty; else the listed ones), and a personal or group chat with the bot of a user of our own tenant
 * (staff filing for a vendor). Never the triage channel. A chat of an external user is refused: its
 * receipt would be in a conversation only they see, which a bot cannot reach again proactively.
 */
export function intakeVerdict(deps: TeamsDeps, who: TeamsClicker): IntakeVerdict {
  if (deps.teams.triageConversationId && who.conversationId === deps.teams.triageConversationId) return 'not_allowed';
  const listed = deps.teams.vendorConversationIds;
  if (listed.includes(who.conversationId)) return 'allowed';
  if (who.conversationType === 'personal' || who.conversationType === 'groupChat') return who.tenantId === deps.teams.tenantId ? 'allowed' : 'not_allowed';
  if (who.conversationType === 'channel') return listed.length === 0 ? 'allowed' : 'not_allowed';
  return 'not_allowed';
}

const withinMs = <T>(p: Promise<T>, ms: number, fallback: T): Promise<T> =>
  Promise.race([p, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);

const fetchValue = z.object({ data: z.object({ verb: z.literal(VENDOR_VERB.openIntake) }).loose() });
const submitValue = z.object({
  data: z
    .object({
      verb: z.literal(VENDOR_VERB.intake),
      op: z.enum(['submit', 'lang', 'check', 'update']),
      l: z.enum(LOCALES),
      k: z.uuid(),
    })
    .loose(),
});

/** The dialog's inputs as typed (strings only, bounded); the toggle is on when it carries its on-value. */
function readInputs(data: Record<string, unknown>): IntakeInput {
  const s = (id: string) => {
    const v = data[id];
    return typeof v === 'string' ? v.slice(0, 500) : null;
  };
  return {
    vendor_org_number: s('vendor_org_number'),
    vendor_org_name: s('vendor_org_name'),
    contact_name: s('contact_name'),
    contact_email: s('contact_email'),
    contact_phone: s('contact_phone'),
    access_type: s('access_type') || null,
    customer_org_number: s('customer_org_number'),
    customer_org_name: s('customer_org_name'),
    customer_email: s('customer_email'),
    customer_phone: s('customer_phone'),
    production_data_ack: data.production_data_ack === PRODUCTION_DATA_ACK_ON || data.production_data_ack === true,
  };
}

/** The register's notes for the numbers in the dialog from what is already known (no network). */
function cachedNotes(deps: TeamsDeps, locale: Locale, values: IntakeInput): IntakeDialogState['notes'] {
  const register = deps.ports.register;
  if (!register) return {};
  const t = texts(locale);
  const notes: Partial<Record<OrgField, string>> = {};
  for (const field of ORG_FIELDS) {
    const parsed = parseOrgNumber(values[field] ?? '');
    const note = registerNote(t, values[field], parsed.ok ? register.peek(parsed.value) : undefined);
    if (note) notes[field] = note;
  }
  return notes;
}

/** The register's notes, looked up now ("Check"): each number in the dialog, within the invoke's time. */
async function lookedUpNotes(deps: TeamsDeps, locale: Locale, values: IntakeInput): Promise<IntakeDialogState['notes']> {
  const register = deps.ports.register;
  if (!register) return {};
  const t = texts(locale);
  const notes: Partial<Record<OrgField, string>> = {};
  await Promise.all(
    ORG_FIELDS.filter((f) => f === 'vendor_org_number' || values.access_type === 'customer_delegation').map(async (field) => {
      const parsed = parseOrgNumber(values[field] ?? '');
      const result = parsed.ok
        ? await withinMs<RegisterLookup>(register.lookup(parsed.value).catch((): RegisterLookup => ({ kind: 'unavailable', reason: 'network' })), CHECK_BUDGET_MS, { kind: 'unavailable', reason: 'timeout' })
        : undefined;
      const note = registerNote(t, values[field], result);
      if (note) notes[field] = note;
    }),
  );
  return notes;
}

/**
 * `task/fetch` from the entry card's button: the intake dialog in the clicker's language (Teams'
 * `locale`), pre-filled from the conversation's last request as Slack's modal is. Undefined: not ours.
 */
export async function intakeOpened(deps: TeamsDeps, activity: { value?: unknown }): Promise<TaskModuleResponse | undefined> {
  if (!fetchValue.safeParse(activity.value).success) return undefined;
  const who = clickerOf(activity);
  if (!who) return dialogMessage(texts('nb').refusals.unreadableButton);
  const t = texts(who.locale);
  if (intakeVerdict(deps, who) !== 'allowed') return dialogAnswer(intakeNoticeDialog(who.locale, t.intake.title, t.refusals.channelNotAllowed));
  const prefill = await withinMs(
    intakePrefill(deps.ports, who.conversationId, actorOf(who).userId).catch((err: Error) => {
      deps.logger.warn({ err: err.message, conversationId: who.conversationId }, 'Teams intake pre-fill read failed');
      return undefined;
    }),
    PREFILL_BUDGET_MS,
    undefined,
  );
  const values: IntakeInput = prefill
    ? {
        vendor_org_number: prefill.vendorOrgNumber,
        vendor_org_name: prefill.vendorOrgName,
        ...(prefill.contact ? { contact_name: prefill.contact.name, contact_email: prefill.contact.email, contact_phone: prefill.contact.phone } : {}),
      }
    : {};
  return dialogAnswer(
    intakeDialog({ locale: who.locale, key: crypto.randomUUID(), values, notes: cachedNotes(deps, who.locale, values), registerOn: !!deps.ports.register }),
  );
}

/**
 * `task/submit` from the intake dialog: "Send request" (validated, stored through app/submitRequest,
 * answered with the dialog again and its errors, or with "received"), or one of the dialog's round
 * trips (language, Check, Update), each answered with the dialog again, everything typed kept.
 */
export async function intakeSubmitted(deps: TeamsDeps, activity: { value?: unknown; serviceUrl?: unknown }): Promise<TaskModuleResponse | undefined> {
  const parsed = submitValue.safeParse(activity.value);
  if (!parsed.success) return undefined;
  const who = clickerOf(activity);
  const data = parsed.data.data;
  const locale = data.op === 'lang' ? (data.l === 'en' ? 'nb' : 'en') : data.l;
  const t = texts(locale);
  if (!who) return dialogMessage(t.refusals.unreadableButton);
  if (intakeVerdict(deps, who) !== 'allowed') return dialogAnswer(intakeNoticeDialog(locale, t.intake.title, t.refusals.channelNotAllowed));
  const values = readInputs(data);
  const state: IntakeDialogState = { locale, key: data.k, values, registerOn: !!deps.ports.register };
  if (data.op === 'check') return dialogAnswer(intakeDialog({ ...state, notes: await lookedUpNotes(deps, locale, values) }));
  if (data.op !== 'submit') return dialogAnswer(intakeDialog({ ...state, notes: cachedNotes(deps, locale, values) }));

  // The register's answers are looked up alongside; the use case joins them.
  if (deps.ports.register) {
    for (const raw of [values.vendor_org_number, values.access_type === 'customer_delegation' ? values.customer_org_number : null]) {
      const n = parseOrgNumber(raw ?? '');
      if (n.ok) void deps.ports.register.lookup(n.value).catch(() => undefined);
    }
  }
  const actor = actorOf(who);
  const result = await submitRequest(deps.ports, {
    input: values,
    // Scoped to the conversation: a key sent from elsewhere can never name another conversation's request.
    submissionKey: `teams:${who.conversationId}:${data.k}`,
    requester: actor,
    // Staff on Slack cannot resolve an Entra id: the card shows the name Teams gave.
    requesterName: who.name ?? null,
    platform: 'teams',
    // The activity is verified (its token's serviceurl claim matches it): the vendor's posts go back there.
    serviceUrl: acceptedServiceUrl(deps.teams.serviceUrl, activity.serviceUrl),
    channelId: who.conversationId,
    locale,
  });
  switch (result.kind) {
    case 'invalid': {
      const errors = Object.fromEntries(Object.entries(result.errors).map(([field, code]) => [field, t.errors[code]]));
      return dialogAnswer(intakeDialog({ ...state, errors, notes: cachedNotes(deps, locale, values) }));
    }
    case 'duplicate':
      return dialogAnswer(intakeDialog({ ...state, errors: { [result.field]: t.duplicate(formatReference(result.reference)) }, notes: cachedNotes(deps, locale, values) }));
    case 'created':
    case 'already_submitted': {
      // The requester is @mentioned on the receipt and under a question: their name and 29: id are kept.
      if (who.aadObjectId && who.tenantId) {
        await rememberTeamsPerson(deps.ports, { aadObjectId: who.aadObjectId, teamsUserId: who.teamsUserId, name: who.name ?? '', tenantId: who.tenantId, locale }).catch(
          (err: Error) => deps.logger.warn({ err: err.message }, 'could not remember a Teams person'),
        );
      }
      const ref = formatReference(result.request.number);
      deps.logger.info({ reference: ref, kind: result.kind, user: actor.userId, platform: 'teams' }, 'intake submitted');
      return dialogAnswer(intakeNoticeDialog(locale, t.submitted.title, t.submitted.body(ref)));
    }
  }
}
