/**
 * Two real app processes on one PostgreSQL database, as brreg runs them behind a load balancer.
 * Always on a PostgreSQL server (DATABASE_URL, or the local one CI provides), also in the PGlite
 * pass: PGlite is single-process, and this is about processes.
 *
 * The instances hold outbox rows on a 5 s lease (OUTBOX_LEASE_SECONDS; 15 s by default) so that the
 * waits are short: the mail server holds one answer for 12 s (more than two leases, so only renewals
 * keep the row, and longer than the old 10 s SMTP timeout), and a killed instance's row waits for
 * its lease to lapse. Everything else waits for events.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EFFECT } from '../../src/app/effects.js';
import { outbox, requests, type RequestRow } from '../../src/db/schema.js';
import { startAppInstance, ownerOfConnection, type AppInstance } from '../support/appInstances.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';
import { generate } from '../support/fnr.js';
import {
  OTHER_VENDOR_CHANNEL,
  SIGNING_SECRET,
  STAFF,
  STAFF_2,
  TRIAGE,
  VENDOR_CHANNEL,
  VENDOR_TEAM,
  VENDOR_USER,
  VENDOR_USER_EN,
  type Harness,
} from '../support/harness.js';
import { DELEGATION, FICTITIOUS, fileRequest, freshOrgNumber } from '../support/intake.js';
import { createSlackSender } from '../support/slackRequests.js';
import { startSmtpSink, type SmtpSink } from '../support/smtpSink.js';
import { advanceToFnrRegistered, allText, openConfirmationPreview, submitModal } from '../support/triage.js';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LEASE_SECONDS = 5;
const HOLD_MS = 12_000;
const LONG = 120_000;

let slack: FakeSlack;
let smtp: SmtpSink;
let db: TestDatabase;
let a: AppInstance;
let b: AppInstance;

beforeAll(async () => {
  slack = await startFakeSlack({
    channels: {
      [VENDOR_CHANNEL]: { name: 'ext-acme', is_ext_shared: true, is_shared: true },
      [OTHER_VENDOR_CHANNEL]: { name: 'ext-other', is_ext_shared: true, is_shared: true },
      [TRIAGE]: { name: 'tt02-triage', is_ext_shared: false },
    },
    users: {
      [VENDOR_USER]: { team_id: VENDOR_TEAM, locale: 'nb-NO', is_stranger: true },
      [VENDOR_USER_EN]: { team_id: VENDOR_TEAM, locale: 'en-GB', is_stranger: true },
      [STAFF]: { team_id: 'THOST', locale: 'nb-NO' },
      [STAFF_2]: { team_id: 'THOST', locale: 'nb-NO' },
    },
  });
  smtp = await startSmtpSink();
  db = await openTestDatabase(SERVER);
  const env = {
    DATABASE_URL: db.url!,
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    TRIAGE_CHANNEL_ID: TRIAGE,
    STAFF_USER_IDS: `${STAFF},${STAFF_2}`,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'TT02 <tt02@brreg.test>',
    ENHETSREGISTERET_URL: 'off',
    OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
  };
  [a, b] = await Promise.all([startAppInstance('a', env), startAppInstance('b', env)]);
}, 60_000);

afterAll(async () => {
  for (const i of [a, b]) {
    if (!i) continue;
    i.kill('SIGKILL');
    await i.exited;
  }
  await db?.drop();
  await smtp?.close();
  await slack?.close();
});

/** The test helpers drive "an app": here, one of the two processes. */
function harnessFor(i: AppInstance): Harness {
  return {
    slack,
    smtp,
    db,
    server: { url: i.url, port: Number(new URL(i.url).port), database: db.database, stop: async () => i.kill('SIGTERM') },
    send: createSlackSender({ url: `${i.url}/slack/events`, signingSecret: SIGNING_SECRET, responseUrl: () => slack.responseUrl() }),
    logs: [],
    logged: () => Promise.reject(new Error('the app processes log to their own stdout')),
    env: {},
    stop: async () => undefined,
    stopApp: async () => i.kill('SIGTERM'),
    restartApp: async () => {
      throw new Error('not supported for app processes');
    },
  };
}

const refOf = (r: { number: number }) => `TT02-${String(r.number).padStart(4, '0')}`;
const topLevelPosts = (channel: string, ref: string) =>
  [...slack.messages.values()].filter((m) => m.channel === channel && !m.deleted && !m.thread_ts && allText(m.history[0]?.blocks).includes(ref));
const keyOf = (metadata: unknown) => (metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;

async function requestRow(number: number): Promise<RequestRow> {
  const [row] = await db.database.db.select().from(requests).where(eq(requests.number, number));
  if (!row) throw new Error(`request ${number} not stored`);
  return row;
}

/** Files a request through `h` and waits for its receipt and its card (with the receipt's link). */
async function file(h: Harness, fields: typeof FICTITIOUS): Promise<RequestRow> {
  const { res } = await fileRequest(h, VENDOR_USER, fields);
  const m = /TT02-(\d{4})/.exec(allText(res.body));
  if (!m) throw new Error(`intake not accepted: ${allText(res.body)}`);
  const linked = (x: Record<string, unknown>) => x.channel === TRIAGE && allText(x.blocks).includes(m[0]) && allText(x.blocks).includes('|kvittering>');
  const card = await Promise.any([slack.waitFor('chat.postMessage', linked, LONG), slack.waitFor('chat.update', linked, LONG)]);
  const row = await requestRow(Number(m[1]));
  // The processes store the timestamps just after Slack answers: take them from Slack itself.
  const receipt = topLevelPosts(VENDOR_CHANNEL, m[0])[0];
  const cardTs = topLevelPosts(TRIAGE, m[0])[0]?.ts ?? (card.args.ts as string);
  if (!receipt) throw new Error(`${m[0]} has no receipt`);
  return { ...row, receiptTs: receipt.ts, triageTs: cardTs };
}

/** "Send confirmation": the preview opened through one instance, submitted through both at once. */
async function sendConfirmation(r: RequestRow, via: Harness, also: Harness): Promise<void> {
  const preview = await openConfirmationPreview(via, r, STAFF);
  const submit = (h: Harness) =>
    submitModal(h, { user: STAFF, callbackId: 'staff_send_confirmation', privateMetadata: preview.view.private_metadata, values: {} });
  const answers = await Promise.all([submit(via), submit(also)]);
  expect(answers.map((x) => x.status)).toEqual([200, 200]);
}

const confirmationNote = (r: RequestRow) => (x: Record<string, unknown>) =>
  x.thread_ts === r.receiptTs && keyOf(x.metadata) === `vendor-note:${r.id}:confirmation-sent`;

describe('two app processes on one PostgreSQL database', () => {
  it(
    'deliver every receipt, card, thread note and email exactly once and in order, through a final dot held past two leases and a SIGKILL mid-DATA',
    async () => {
      const ha = harnessFor(a);
      const hb = harnessFor(b);
      const stamp = Date.now();
      const contact = (i: number) => `kontakt${i}.${stamp}@acme.no`;

      // Submissions spread over both instances; customer delegations and fictitious enterprises.
      const n = 8;
      // (One at a time: the helpers tell modals apart by the order they were opened in.)
      const filed: RequestRow[] = [];
      for (let i = 0; i < n; i++) {
        const fields = { ...(i % 3 === 0 ? DELEGATION : FICTITIOUS), vendor_org_number: freshOrgNumber(), contact_email: contact(i) };
        filed.push(await file(i % 2 ? hb : ha, fields));
      }
      // Staff steps through the other instance than the one that took the submission.
      const ready: RequestRow[] = [];
      for (const [i, r] of filed.entries()) {
        ready.push(await advanceToFnrRegistered(i % 2 ? ha : hb, r, STAFF, generate('228190', 0, i * 10)));
        ready[i] = { ...ready[i]!, receiptTs: r.receiptTs, triageTs: r.triageTs };
      }
      expect(ready.map((r) => r.status)).toEqual(Array(n).fill('fnr_registered'));

      // 1. The mail server keeps the first confirmation at once but answers its final dot only after
      //    12 s. The instance sending it waits (RFC 5321 allows 10 minutes) and renews its lease;
      //    the other instance must not send the email again meanwhile.
      expect(HOLD_MS).toBeGreaterThan(2 * LEASE_SECONDS * 1000);
      const slow = ready[0]!;
      const slowHold = smtp.holdFinalDot({ keep: true, answerAfterMs: HOLD_MS, match: (m) => m.envelope.to.includes(contact(0)) });
      await sendConfirmation(slow, ha, hb);
      const { clientPort: slowPort } = await slowHold.held;
      const slowSender = ownerOfConnection([a, b], slowPort);
      expect(slowSender).toBeDefined();

      // Meanwhile the other confirmations go out, from whichever instance claims them.
      const middle = ready.slice(1, n - 1);
      for (const [i, r] of middle.entries()) await sendConfirmation(r, i % 2 ? ha : hb, i % 2 ? hb : ha);
      await Promise.all(middle.map((r) => slack.waitFor('chat.postMessage', confirmationNote(r), LONG)));

      await slack.waitFor('chat.postMessage', confirmationNote(slow), LONG);
      expect(smtp.messages.filter((m) => m.envelope.to.includes(contact(0)))).toHaveLength(1);

      // 2. An instance is killed (SIGKILL) while the mail server holds the DATA of a confirmation it
      //    has not kept: the survivor sends it once the dead instance's lease has lapsed.
      const last = ready[n - 1]!;
      const lastHold = smtp.holdFinalDot({ keep: false, match: (m) => m.envelope.to.includes(contact(n - 1)) });
      await sendConfirmation(last, hb, ha);
      const { clientPort: lastPort } = await lastHold.held;
      const victim = ownerOfConnection([a, b], lastPort);
      if (!victim) throw new Error('no instance owns the SMTP connection');
      const survivor = victim === a ? b : a;
      victim.kill('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');
      await lastHold.dropped;
      await slack.waitFor('chat.postMessage', confirmationNote(last), LONG);

      // The survivor goes on taking requests and steps.
      const after = await file(harnessFor(survivor), { ...FICTITIOUS, vendor_org_number: freshOrgNumber(), contact_email: contact(n) });
      const all = [...ready, after];

      // Every card ends in its final state (the last update after the email, or the new request's first).
      await Promise.all(
        ready.map((r) =>
          slack.waitFor(
            'chat.update',
            (x) => x.channel === TRIAGE && x.ts === r.triageTs && allText(x.blocks).includes('Fullført') && allText(x.blocks).includes(':email: Sendt'),
            LONG,
          ),
        ),
      );

      for (const [i, r] of all.entries()) {
        const ref = refOf(r);
        expect(topLevelPosts(VENDOR_CHANNEL, ref), `${ref} receipt`).toHaveLength(1);
        expect(topLevelPosts(TRIAGE, ref), `${ref} card`).toHaveLength(1);
        const card = allText(slack.message(TRIAGE, r.triageTs!)?.history.at(-1)?.blocks);
        if (r !== after) {
          expect(card, `${ref} card`).toContain('Fullført');
          expect(card, `${ref} card`).toContain(':email: Sendt');
          expect(smtp.messages.filter((m) => m.envelope.to.includes(contact(i))), `${ref} email`).toHaveLength(1);
        }
        // Thread notes: each once, in the order their effects were enqueued.
        const notes = [...slack.messages.values()]
          .filter((m) => m.channel === VENDOR_CHANNEL && !m.deleted && m.thread_ts === r.receiptTs)
          .sort((x, y) => (x.ts < y.ts ? -1 : 1))
          .map((m) => keyOf(m.metadata));
        const enqueued = await db.database.db
          .select({ key: outbox.dedupeKey })
          .from(outbox)
          .where(and(eq(outbox.requestId, r.id), eq(outbox.kind, EFFECT.vendorNote)))
          .orderBy(outbox.id);
        expect(notes, `${ref} thread`).toEqual(enqueued.map((e) => e.key));
        if (r !== after) expect(notes.length, `${ref} thread`).toBe(3);
      }
      // No other email went out: one confirmation per request, plus the customer's own email for each
      // customer delegation.
      const customerMails = all.filter((r) => r !== after && r.accessType === 'customer_delegation').length;
      expect(customerMails).toBeGreaterThan(0);
      expect(smtp.messages).toHaveLength(n + customerMails);
      expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(n + customerMails);
    },
    300_000,
  );
});
