import { findRequestById } from '../../db/repositories/requests.js';
import type { Platform } from '../../domain/address.js';
import { EFFECT, type EffectKind } from '../effects.js';
import type { Ports } from '../ports.js';
import type { EffectHandler, EffectHandlers } from './dispatch.js';
import { PermanentDeliveryError } from './worker.js';

/**
 * Which platform each outbox kind goes to. The kinds keep their historical names (`slack.card.post`,
 * …): a kind names the effect and its lane (db/repositories/outbox.ts), not the platform; renaming
 * them would move rows between lanes and touch every pending row for no change in behaviour. The
 * platform is chosen here, at start-up:
 *
 * - `triage`: staff's side (the card, its reply chain, the digest, staff's reminders and files), to
 *   wherever triage is (TRIAGE_CHANNEL_ID or TEAMS_TRIAGE_CONVERSATION_ID);
 * - `vendor`: the vendor's side (receipt, notes, nudges), to the platform the request came from
 *   (the request's `platform`: see vendorByPlatform);
 * - `split`: a post redaction, on either side by its payload's `thread`;
 * - `mail` and `home`: not a conversation (emails; Slack's Home tab, which stays Slack's).
 */
export const EFFECT_SIDE = {
  [EFFECT.receiptPost]: 'vendor',
  [EFFECT.vendorNote]: 'vendor',
  [EFFECT.nudgeNote]: 'vendor',
  [EFFECT.cardPost]: 'triage',
  [EFFECT.cardUpdate]: 'triage',
  [EFFECT.cardThreadPost]: 'triage',
  [EFFECT.digestPost]: 'triage',
  [EFFECT.idleReminder]: 'triage',
  [EFFECT.reportFile]: 'triage',
  [EFFECT.exportFile]: 'triage',
  [EFFECT.altinnBatchFile]: 'triage',
  [EFFECT.altinnBatchMessage]: 'triage',
  [EFFECT.monthlySummary]: 'triage',
  [EFFECT.fileDelete]: 'triage',
  [EFFECT.postRedact]: 'split',
  [EFFECT.homePublish]: 'home',
  [EFFECT.confirmationMail]: 'mail',
  [EFFECT.customerMail]: 'mail',
  [EFFECT.rejectionMail]: 'mail',
  [EFFECT.questionMail]: 'mail',
  [EFFECT.nudgeMail]: 'mail',
} as const satisfies Record<EffectKind, 'triage' | 'vendor' | 'split' | 'home' | 'mail'>;

/**
 * One set of conversation handlers from two platforms' sets: the triage-side kinds from `triage`, the
 * vendor-side kinds (and the Home tab) from `vendor`, a post redaction by its thread. With triage on
 * the vendors' platform both are the same set. A triage-side kind the triage platform has no handler
 * for yet has none here either: the worker gives such a row up ("no handler"), visibly, rather than
 * posting staff's files to the vendors' platform.
 */
export function bySide(triage: EffectHandlers, vendor: EffectHandlers): EffectHandlers {
  const out: Record<string, unknown> = {};
  for (const kind of Object.keys(EFFECT_SIDE) as EffectKind[]) {
    const side = EFFECT_SIDE[kind];
    if (side === 'triage' && triage[kind]) out[kind] = triage[kind];
    if ((side === 'vendor' || side === 'home') && vendor[kind]) out[kind] = vendor[kind];
  }
  const card = triage[EFFECT.postRedact];
  const thread = vendor[EFFECT.postRedact];
  if (card || thread) {
    const redact: EffectHandler<typeof EFFECT.postRedact> = async (d) => {
      const handler = d.payload.thread === 'card' ? card : thread;
      if (!handler) throw new PermanentDeliveryError(`no handler for a redaction in the ${d.payload.thread} thread`);
      return handler(d);
    };
    out[EFFECT.postRedact] = redact;
  }
  return out as EffectHandlers;
}

/** The vendor-side kinds that go to a request's own platform (the Home tab stays Slack's). */
const VENDOR_KINDS = (Object.keys(EFFECT_SIDE) as EffectKind[]).filter((k) => EFFECT_SIDE[k] === 'vendor');

/**
 * The vendor side from each platform's handlers, chosen per row by the request's `platform`: a request
 * filed in Teams gets its receipt and notes in its Teams reply chain, one filed in Slack in its Slack
 * thread, whatever platform triage is on. A redaction in the vendor's thread goes the same way; the Home
 * tab (not a request's) stays Slack's. A request whose platform has no handlers here (Teams not
 * configured any more) is given up visibly ("not configured"), never posted to the other platform.
 */
export function vendorByPlatform(ports: Pick<Ports, 'db'>, handlers: Partial<Record<Platform, EffectHandlers>>): EffectHandlers {
  const platformOf = async (requestId: string | null): Promise<Platform> => {
    const r = requestId ? await findRequestById(ports.db, requestId) : undefined;
    if (!r) throw new PermanentDeliveryError(`request ${requestId} not found`);
    return r.platform;
  };
  const out: Record<string, unknown> = {};
  const route = (kind: EffectKind) => {
    if (!Object.values(handlers).some((h) => h?.[kind])) return;
    out[kind] = async (d: Parameters<EffectHandler<typeof kind>>[0]) => {
      const platform = await platformOf(d.row.requestId);
      const handler = handlers[platform]?.[kind] as EffectHandler<typeof kind> | undefined;
      if (!handler) throw new PermanentDeliveryError(`${platform} is not configured: ${kind} for a ${platform} request cannot be delivered`);
      return handler(d as never);
    };
  };
  for (const kind of VENDOR_KINDS) route(kind);
  route(EFFECT.postRedact);
  const home = handlers.slack?.[EFFECT.homePublish];
  if (home) out[EFFECT.homePublish] = home;
  return out as EffectHandlers;
}
