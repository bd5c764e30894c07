/**
 * Request bodies for the bench, shaped exactly like Slack's (the test builders in test/support),
 * fresh for every request: unique trigger ids, unique view ids (the idempotency key) and distinct
 * vendor organisation numbers (an open request for the same vendor is refused as a duplicate).
 */
import { FICTITIOUS, stateValues } from '../support/intake.js';
import {
  DEFAULT_API_APP_ID,
  DEFAULT_TEAM_DOMAIN,
  DEFAULT_TEAM_ID,
  DEFAULT_VERIFICATION_TOKEN,
  blockActionPayload,
  newTriggerId,
  viewSubmissionPayload,
} from '../support/slackRequests.js';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
export const TRIAGE = 'CTRIAGE01';
export const VENDOR_CHANNEL = 'CVENDOR01';
export const STAFF = 'USTAFF001';
export const STAFF_2 = 'USTAFF002';
export const VENDOR_TEAM = 'TVENDOR01';
/** A handful of vendor users (their locale is cached by the app after the warm-up). */
export const VENDOR_USERS = Array.from({ length: 16 }, (_, i) => `UVENDOR${String(i + 1).padStart(2, '0')}`);

/** Each vendor of a burst in its own shared channel (the capacity run uses them in turn). */
export const BURST_CHANNELS = Array.from({ length: 50 }, (_, i) => `CBURST${String(i + 1).padStart(3, '0')}`);

export const FORM = 'application/x-www-form-urlencoded';

/** response_url put into commands and block actions: point it at the fake (set by run.ts) so nothing leaves the machine. */
let responseUrl = 'http://127.0.0.1:9/hooks/response/bench';
export function setResponseUrl(url: string): void {
  responseUrl = url;
}

export interface Built {
  body: string;
  contentType: string;
  /** Set for requests whose listener calls views.open. */
  triggerId?: string;
  /** Set for submissions whose receipt and card the bench watches for (see watch.ts). */
  marker?: string;
}

const interactive = (payload: object): string => `payload=${encodeURIComponent(JSON.stringify(payload))}`;

let userIndex = 0;
const nextVendorUser = (): string => VENDOR_USERS[userIndex++ % VENDOR_USERS.length]!;

const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** The MOD11 check digit for eight digits, or undefined when no valid number has this stem. */
export function orgCheckDigit(stem: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += WEIGHTS[i]! * Number(stem[i]);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

/** Distinct valid nine-digit organisation numbers, in order from `start` (an eight-digit stem). */
export function orgNumberSource(start = 81_000_000): () => string {
  let stem = start;
  return () => {
    for (;;) {
      const s = String(stem++);
      const check = orgCheckDigit(s);
      if (check !== undefined) return `${s}${check}`;
    }
  };
}

/** Valid for format, wrong check digit. */
export const BAD_ORG_NUMBER = '974760674';

/** The pinned "Request TT02 access" button clicked in a vendor channel (by default the bench's one). */
export function buttonClick(actionId = 'open_intake', at: { channel: string; user: string } = { channel: VENDOR_CHANNEL, user: nextVendorUser() }): Built {
  const triggerId = newTriggerId();
  const body = interactive(
    blockActionPayload({
      user: { id: at.user, team_id: VENDOR_TEAM },
      channel: at.channel,
      message: { ts: '1700000000.000001' },
      action: { action_id: actionId, block_id: 'tt02_entry', value: 'open' },
      trigger_id: triggerId,
      response_url: responseUrl,
    }),
  );
  return { body, contentType: FORM, triggerId };
}

/** `/tt02-access` typed in the vendor channel. */
export function slashCommand(): Built {
  const triggerId = newTriggerId();
  const user = nextVendorUser();
  const params = new URLSearchParams({
    token: DEFAULT_VERIFICATION_TOKEN,
    team_id: DEFAULT_TEAM_ID,
    team_domain: DEFAULT_TEAM_DOMAIN,
    channel_id: VENDOR_CHANNEL,
    channel_name: 'ext-acme',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/tt02-access',
    text: '',
    api_app_id: DEFAULT_API_APP_ID,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  });
  return { body: params.toString(), contentType: FORM, triggerId };
}

const METADATA = JSON.stringify({ channelId: VENDOR_CHANNEL, locale: 'nb' });

/** The intake modal submitted; `viewId` must be unique per request, `orgNumber` distinct for a valid one. */
export function submission(viewId: string, orgNumber: string): Built {
  const body = interactive(
    viewSubmissionPayload({
      user: { id: nextVendorUser(), team_id: VENDOR_TEAM },
      view: {
        id: viewId,
        callback_id: 'tt02_intake',
        private_metadata: METADATA,
        state: { values: stateValues({ ...FICTITIOUS, vendor_org_number: orgNumber }) },
      },
    }),
  );
  return { body, contentType: FORM };
}

/** The org name that marks a watched submission: its receipt and card show it (see watch.ts). */
export const markedName = (marker: string) => `Bench ${marker} AS`;
export const MARKER = /Bench ([A-Z0-9]+) AS/;

/**
 * A vendor's own submission, as the bursts and the capacity run send it: in the vendor's channel,
 * by the vendor's user, with its own organisation number and a name carrying `marker`.
 * `callbackId` `tt02_intake_post` asks bare Bolt to post the receipt and the card.
 */
export function vendorSubmission(o: { viewId: string; orgNumber: string; marker: string; channel: string; user: string; callbackId?: string }): Built {
  const body = interactive(
    viewSubmissionPayload({
      user: { id: o.user, team_id: VENDOR_TEAM },
      view: {
        id: o.viewId,
        callback_id: o.callbackId ?? 'tt02_intake',
        private_metadata: JSON.stringify({ channelId: o.channel, locale: 'nb' }),
        state: { values: stateValues({ ...FICTITIOUS, vendor_org_number: o.orgNumber, vendor_org_name: markedName(o.marker) }) },
      },
    }),
  );
  return { body, contentType: FORM, marker: o.marker };
}

/** Unique view ids, e.g. VB1A000001. */
export function viewIdSource(prefix: string): () => string {
  let n = 0;
  return () => `V${prefix}${String(++n).padStart(7, '0')}`;
}

/**
 * A staff member clicks "Claim" (or, when the card shows an assignee, "Take over") on a request's
 * card in the triage channel; `shownAssignee` is who the card showed (the button's `x`).
 */
export function claimClick(
  card: { id: string; triageTs: string; value?: string },
  staff = STAFF,
  shownAssignee: string | null = null,
  actionId = 'card_claim',
): Built {
  const value =
    card.value ?? JSON.stringify(shownAssignee ? { r: card.id, s: 'submitted', x: shownAssignee } : { r: card.id, s: 'submitted' });
  const body = interactive(
    blockActionPayload({
      user: { id: staff, team_id: DEFAULT_TEAM_ID },
      channel: TRIAGE,
      message: { ts: card.triageTs },
      action: { action_id: actionId, block_id: 'card_actions', value },
      response_url: responseUrl,
    }),
  );
  return { body, contentType: FORM };
}
