import { z } from 'zod';
import { findRequest } from '../../app/queries.js';
import type { RequestRow } from '../../app/rows.js';
import { CARD_STEP } from '../../domain/cardSteps.js';
import { nextStatus, STATUSES, type Action } from '../../domain/lifecycle.js';
import { texts } from '../../domain/texts/index.js';
import { clickerOf, type TeamsClicker } from '../clicker.js';
import { auditTeamsRefusal, refuseUnlessStaff, type TeamsHandlerDeps } from '../respond.js';

export type CardStep = keyof typeof CARD_STEP;
const STEP_BY_VERB = new Map<string, CardStep>(Object.entries(CARD_STEP).map(([step, verb]) => [verb, step as CardStep]));
export const stepOfVerb = (verb: unknown): CardStep | undefined => (typeof verb === 'string' ? STEP_BY_VERB.get(verb) : undefined);

/** The audit's name of each step (as the Slack listeners name them). */
export const STEP_ACTION: Record<CardStep, string> = {
  claim: 'claim',
  assign: 'assign',
  resume: 'answer_info',
  altinn: 'record_altinn',
  registerFnr: 'register_fnr',
  sendConfirmation: 'send_confirmation',
  askInfo: 'ask_info',
  reject: 'reject',
  recheck: 'recheck_register',
  retryMail: 'retry_mail',
  reply: 'reply_vendor',
  fixContact: 'fix_contact',
};

/** What a button (and a dialog's submit) carries: parsed, never trusted blindly. */
export const buttonDataSchema = z.object({ r: z.uuid(), s: z.enum(STATUSES), x: z.string().max(64).optional(), k: z.string().max(64).optional() }).loose();
export type ButtonData = z.infer<typeof buttonDataSchema>;

export interface StaffClick {
  who: TeamsClicker;
  step: CardStep;
  data: ButtonData;
}

/**
 * Parses who clicked and what the button carried, and checks that a staff member of our tenant clicked
 * in the triage conversation. Otherwise the refusal text for the clicker (audited).
 */
export async function parseStaffClick(deps: TeamsHandlerDeps, activity: unknown, step: CardStep, raw: unknown): Promise<{ ok: true; click: StaffClick } | { ok: false; text: string }> {
  const who = clickerOf(activity);
  if (!who) return { ok: false, text: texts('nb').refusals.unreadableButton };
  const parsed = buttonDataSchema.safeParse(raw);
  if (!parsed.success) {
    // Teams never sends data we did not render: a forged or mangled click, refused and audited.
    await auditTeamsRefusal(deps, who, STEP_ACTION[step], null, 'malformed_value');
    return { ok: false, text: texts(who.locale).refusals.unreadableButton };
  }
  const refusal = await refuseUnlessStaff(deps, who, STEP_ACTION[step], parsed.data.r);
  if (refusal) return { ok: false, text: refusal };
  return { ok: true, click: { who, step, data: parsed.data } };
}

/** The lifecycle action each step takes (none: a step that leaves the status as it is). */
export const STEP_LIFECYCLE: Partial<Record<CardStep, Action>> = {
  claim: 'claim',
  resume: 'answer_info',
  altinn: 'record_altinn',
  registerFnr: 'register_fnr',
  sendConfirmation: 'send_confirmation',
  askInfo: 'ask_info',
  reject: 'reject',
};

export type Current = { kind: 'ok'; request: RequestRow } | { kind: 'not_found' } | { kind: 'stale'; request: RequestRow };

/**
 * Loads the request and checks the click still fits it: a lifecycle step needs the status the card
 * showed and a transition from it; the others, what `fits` says (default: not purged).
 */
export async function currentFor(deps: TeamsHandlerDeps, click: StaffClick, fits?: (r: RequestRow) => boolean): Promise<Current> {
  const request = await findRequest(deps.ports, click.data.r);
  if (!request) return { kind: 'not_found' };
  const action = STEP_LIFECYCLE[click.step];
  const ok = action
    ? request.status === click.data.s && nextStatus(request.status, action, request.pausedFrom) !== null
    : (fits ?? ((r: RequestRow) => !r.purgedAt))(request);
  return ok ? { kind: 'ok', request } : { kind: 'stale', request };
}
