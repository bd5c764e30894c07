/**
 * Staff step clicks at saturation: two staff members alternately claim or take over the cards of
 * requests filed earlier, round-robin (each click shows the assignee the previous one left), against
 * bare Bolt's ack-only block action. Runs last on the PostgreSQL app: the claims run after the ack,
 * and their backlog outlasts the run. If the app does not acknowledge card_claim, the row is pending.
 */
import type { Child } from '../children.js';
import type { Bench } from '../context.js';
import { combineMeasured, count, eventsQuiet, measure, okStatus, sendOnce, waitUntil, type Measured } from '../measure.js';
import { STAFF, STAFF_2, claimClick } from '../payloads.js';
import { ackRow, bareOf, type Scenario } from '../report.js';
import { round, say } from '../util.js';

/** `beforeMeasuring` runs once the cards are known and the probe went through (bare Bolt can stop then). */
export async function staffClicks(b: Bench, app: Child, bClaim: Measured, beforeMeasuring: () => Promise<void>): Promise<Scenario> {
  const { P } = b;
  await waitUntil('waiting for triage cards', async () => (await count(b.db.sql, 'cards')) >= P.cards, P.settleMs);
  const cards = (
    await b.db.sql`select id, triage_ts from requests where triage_ts is not null and status = 'submitted' order by number limit ${P.cards}`
  ).map((r) => ({ id: r.id as string, triageTs: r.triage_ts as string }));
  const assignee = new Map<string, string>();
  let cardIndex = 0;
  const nextClaim = () => {
    const card = cards[cardIndex++ % cards.length]!;
    const shown = assignee.get(card.id) ?? null;
    const staff = shown === STAFF ? STAFF_2 : STAFF;
    assignee.set(card.id, staff);
    return claimClick(card, staff, shown);
  };
  const probe = cards.length ? await sendOnce(app.url, nextClaim(), 4500) : { status: 'timeout' as const, body: '' };
  await beforeMeasuring();
  if (probe.status !== 200) {
    say(`staff step click: card_claim answered ${probe.status}; reported as pending`);
    return {
      name: 'staff step click (card_claim)',
      rps: null,
      p50_ms: null,
      p99_ms: null,
      ratio_to_bare_bolt: null,
      target: '≥ 0.5× bare ack-only rps; p99 < 100 ms',
      target_met: null,
      pending: true,
      database: 'postgres',
      bare_bolt: bareOf(bClaim),
      notes: cards.length ? `pending: the app does not acknowledge card_claim yet (answered ${probe.status})` : 'pending: no triage cards were posted to click on',
    };
  }
  const eventsBefore = await count(b.db.sql, 'events');
  const aClaim = combineMeasured([
    await measure('app: staff step click (claim / take over) (1/2)', app, nextClaim, okStatus, b.slack, P),
    await measure('app: staff step click (claim / take over) (2/2)', app, nextClaim, okStatus, b.slack, P),
  ]);
  const eventsAtEnd = await count(b.db.sql, 'events');
  const row = ackRow('staff step click (card_claim)', aClaim, bClaim, 0.5, 100, 'postgres');
  // The claim itself (transaction, audit event, card update) runs after the ack.
  const settleMs = await waitUntil('claims finishing after their acks', eventsQuiet(b.db.sql), P.claimSettleMs);
  const eventsAfter = await count(b.db.sql, 'events');
  return Object.assign(row, {
    cards: cards.length,
    audit_events_during_run: eventsAtEnd - eventsBefore,
    audit_events_after_run: eventsAfter - eventsAtEnd,
    after_ack_backlog_s: settleMs >= P.claimSettleMs ? `> ${P.claimSettleMs / 1000}` : round(settleMs / 1000, 1),
  });
}
