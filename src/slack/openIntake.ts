import { setTimeout as sleep } from 'node:timers/promises';
import type { WebClient } from '@slack/web-api';
import { intakePrefill, type IntakePrefill } from '../app/queries.js';
import type { IntakeInput } from '../domain/intake.js';
import type { Locale } from '../domain/texts/index.js';
import { texts } from '../domain/texts/index.js';
import { intakeModal, noticeModal } from './views/intakeModal.js';
import { cachedRegisterNotes } from './views/registerNote.js';
import type { SlackDeps } from './deps.js';
import { within } from './directory.js';

const serialized = new Map<string, string>();
const SERIALIZED_MAX = 500;
/**
 * How long the pre-fill read may hold up views.open. It is one indexed query (measured with 5,000
 * requests: p50 under 1 ms on PostgreSQL and PGlite, p99 about 50 ms on a loaded 2-core machine);
 * past this the modal opens empty rather than risk the 3 s trigger.
 */
const PREFILL_BUDGET_MS = 250;

/**
 * How long a new user's language look-up (users.info) waits while other vendors' modals are opening in
 * this process: a workshop's burst of clicks (50 opens at once took the app about 100 ms) is over by
 * then, and the correction it may bring still lands before anyone types. Looked up at once, the 50
 * users.info calls ran amid the other vendors' opens: the app's CPU until the last modal was open was
 * 90–130 ms against bare Bolt's 70–110, and its slowest modal 1.04–1.57× bare Bolt's; 300 ms later,
 * 70–110 ms (bare Bolt 80–100) and 0.89–1.35× (`npm run bench -- --only bursts`; test/bench/README.md,
 * "Fourth round"). With no other open under way the look-up goes at once, so that the correction
 * lands before even a quick user acts in the modal (that drops it: the hash guard).
 */
const LOCALE_LOOKUP_DELAY_MS = 300;

/** Intake modals between the click and Slack's answer to views.open, in this process. */
let opensUnderWay = 0;

function lookUpLocale(deps: SlackDeps, userId: string, othersOpening: boolean): Promise<Locale> {
  if (!othersOpening) return deps.directory.locale(userId);
  return sleep(LOCALE_LOOKUP_DELAY_MS).then(() => deps.directory.locale(userId));
}

/** The empty intake modal as JSON, per language, channel and register setting (a bounded cache). */
export function serializedIntakeModal(locale: Locale, channelId: string, registerOn: boolean): string {
  const key = `${locale}|${registerOn ? 1 : 0}|${channelId}`;
  let json = serialized.get(key);
  if (json === undefined) {
    if (serialized.size >= SERIALIZED_MAX) serialized.clear();
    json = JSON.stringify(intakeModal({ channelId, locale }, {}, { registerOn }));
    serialized.set(key, json);
  }
  return json;
}

/** The fields the vendor's last request fills in; the vendor can change every one of them. */
export function prefillValues(p: IntakePrefill | undefined): IntakeInput {
  if (!p) return {};
  return {
    vendor_org_number: p.vendorOrgNumber,
    vendor_org_name: p.vendorOrgName,
    ...(p.contact ? { contact_name: p.contact.name, contact_email: p.contact.email, contact_phone: p.contact.phone } : {}),
  };
}

/** The intake modal as sent to views.open: the cached empty one, or one pre-filled for this user. */
function openingView(deps: SlackDeps, locale: Locale, channelId: string, prefill: IntakePrefill | undefined): string {
  const registerOn = !!deps.ports.register;
  if (!prefill) return serializedIntakeModal(locale, channelId, registerOn);
  const values = prefillValues(prefill);
  const peek = deps.ports.register ? (n: string) => deps.ports.register!.peek(n) : undefined;
  return JSON.stringify(intakeModal({ channelId, locale }, values, { registerOn, notes: cachedRegisterNotes(texts(locale), values, peek) }));
}

/**
 * Opens the intake modal at once (the trigger expires in 3 s, and bare Bolt opens in one call): in the
 * language already known (cached, else that of the user's own last request, else bokmål), pre-filled
 * from the channel's requests when they are read in time. Then, before the user can type, one hash-guarded update
 * corrects what the open could not wait for: the user's language from Slack, a pre-fill found late,
 * or a channel that turns out not to take intake.
 */
export async function openIntakeModal(
  deps: SlackDeps,
  client: WebClient,
  args: { triggerId: string; userId: string; channelId: string; channelVerdict?: 'allowed' | 'not_allowed' | 'unknown' },
): Promise<void> {
  const cachedLocale = deps.directory.cachedLocale(args.userId);
  const readPrefill = () =>
    intakePrefill(deps.ports, args.channelId, args.userId).catch((err: unknown) => {
      deps.logger.warn({ err: (err as Error).message, channelId: args.channelId }, 'intake pre-fill read failed');
      return undefined;
    });
  let localeLookup: Locale | Promise<Locale> = 'nb';
  // One indexed read before the open, within a budget: past it, the update below brings the pre-fill.
  const prefillRead = readPrefill();
  let prefill: IntakePrefill | undefined;
  let locale: Locale = 'nb';
  let opened: unknown;
  opensUnderWay += 1;
  try {
    prefill = await within(prefillRead, PREFILL_BUDGET_MS, undefined);
    locale = cachedLocale ?? prefill?.locale ?? 'nb';
    // The view goes as the JSON string Slack's API takes: the empty one is rendered once per language and
    // channel, and @slack/web-api neither walks nor re-serialises the 3 kB view. Measured with and without
    // (bench, issue 12): without it the app's CPU per open rose by about a fifth.
    const opening = client.apiCall('views.open', {
      trigger_id: args.triggerId,
      view: openingView(deps, locale, args.channelId, prefill),
    });
    // After views.open, so that in a burst the opens go out first: the language at once or, while
    // other modals are opening, a little later.
    localeLookup = cachedLocale ?? lookUpLocale(deps, args.userId, opensUnderWay > 1);
    opened = await opening;
  } finally {
    opensUnderWay -= 1;
  }
  const view = (opened as { view?: { id?: string; hash?: string } }).view;
  if (!view?.id) return;

  const [actualLocale, verdict, actualPrefill] = await Promise.all([
    localeLookup,
    args.channelVerdict && args.channelVerdict !== 'unknown'
      ? Promise.resolve(args.channelVerdict)
      : deps.directory.intakeChannel(args.channelId),
    prefill ?? prefillRead,
  ]);
  if (verdict === 'not_allowed' || verdict === 'unknown') {
    const t = texts(actualLocale);
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: noticeModal(actualLocale, verdict === 'unknown' ? t.refusals.channelUnknown : t.refusals.channelNotAllowed),
    });
  } else if (actualLocale !== locale || actualPrefill !== prefill) {
    // The hash guard: once the modal has changed (the user acted in it), this correction is dropped.
    await client
      .apiCall('views.update', { view_id: view.id, hash: view.hash, view: openingView(deps, actualLocale, args.channelId, actualPrefill) })
      .catch(() => undefined);
  }
}
