/**
 * Bursts as users feel them. 50 vendors at once, each in their own shared channel with their own
 * organisation number: each clicks the pinned button, and submits as soon as the modal is open.
 * Timed from each user's action: click → views.open at the fake (the modal), submission → receipt
 * posted in the vendor's channel, submission → card posted in the triage channel. Then staff claim
 * those 50 cards at once: click → chat.update of the card showing the assignee.
 *
 * Bare Bolt opens its small modal, and for `tt02_intake_post` posts the app's own receipt and card
 * right after its ack; `card_claim_update` updates the card right after its ack (bareBolt.ts).
 *
 * With the register on (`register: true`), the same again against an app started with
 * ENHETSREGISTERET_URL set to the bench's fake register (register.ts), and bare Bolt's
 * `tt02_intake_post_register`, which makes the same look-up before its ack.
 */
import { cpuSecondsOfCommand, type Child } from '../children.js';
import type { Bench } from '../context.js';
import { percentile } from '../load.js';
import { isAccepted, sendOnce } from '../measure.js';
import { awaitQuiet } from '../meter.js';
import { BURST_CHANNELS, STAFF, TRIAGE, VENDOR_TEAM, buttonClick, claimClick, orgNumberSource, vendorSubmission } from '../payloads.js';
import type { Scenario } from '../report.js';
import { mean, ratio, round, say } from '../util.js';
import { DeliveryWatch } from '../watch.js';

export type Side = 'app' | 'bare';

export interface VendorResult {
  marker: string;
  clickedAt?: number;
  modalMs?: number;
  ackMs?: number;
  accepted: boolean;
  submittedAt?: number;
  receiptMs?: number;
  cardMs?: number;
  receipts: number[];
  cards: number[];
  cardTs?: string;
  claimValue?: string;
  cardVerified?: boolean;
  failure?: string;
}

const orgs = orgNumberSource(83_000_000);

/**
 * One burst: `n` vendors at once (the first `n` burst channels). `tag` makes the markers unique
 * (letters and digits). Waits at most `capMs` per step for what the vendor should see.
 *
 * All click at once; once every modal is open, all submit at once. Until the fourth round each vendor
 * submitted the moment their own modal opened, so the submissions' spread was whatever that side's
 * modal phase had produced. When a side's modals opened close together, its submissions came in one
 * clump and its slowest receipt was several times that of a burst whose modals opened spread out
 * (bare Bolt, in one run: 147 ms after a burst whose slowest modal took 88 ms, 23 ms after one whose
 * slowest took 312 ms), with nothing changed in its receipt path. Submitting together gives both sides
 * the same load, the hardest one: the receipt and card rows measure the receipt path, the modal row
 * the opens.
 */
export async function vendorBurst(
  b: Bench,
  target: Child,
  side: Side,
  tag: string,
  n: number,
  watch: DeliveryWatch,
  capMs: number,
  more: { onAllOpened?: () => void; register?: boolean } = {},
): Promise<VendorResult[]> {
  const bareCallbackId = more.register ? 'tt02_intake_post_register' : 'tt02_intake_post';
  const vendors = BURST_CHANNELS.slice(0, n).map((channel, i) => {
    const marker = `${tag}V${String(i + 1).padStart(2, '0')}`;
    const user = `U${marker}`;
    b.slack.fake.setUser(user, { team_id: VENDOR_TEAM, locale: 'nb-NO', is_stranger: true });
    return { channel, user, marker, orgNumber: orgs() };
  });
  let opened = 0;
  let openedAll!: () => void;
  const allOpened = new Promise<void>((resolve) => (openedAll = resolve));
  const arrive = () => {
    opened += 1;
    if (opened === vendors.length) {
      more.onAllOpened?.();
      openedAll();
    }
  };
  return Promise.all(
    vendors.map(async (v): Promise<VendorResult> => {
      const out: VendorResult = { marker: v.marker, accepted: false, receipts: [], cards: [] };
      const click = buttonClick('open_intake', { channel: v.channel, user: v.user });
      const clickedAt = Date.now();
      out.clickedAt = clickedAt;
      const clicked = await sendOnce(target.url, click, 10_000);
      const shown = clicked.status === 200 && (await watch.until(() => watch.opens.has(click.triggerId!), capMs));
      arrive();
      if (clicked.status !== 200) return { ...out, failure: `button click answered ${clicked.status}` };
      if (!shown) return { ...out, failure: 'no views.open' };
      // Then all submit together (see vendorBurst).
      await allOpened;
      const open = watch.opens.get(click.triggerId!)!;
      out.modalMs = open.at - clickedAt;
      const sub = vendorSubmission({
        viewId: open.viewId,
        orgNumber: v.orgNumber,
        marker: v.marker,
        channel: v.channel,
        user: v.user,
        ...(side === 'bare' ? { callbackId: bareCallbackId } : {}),
      });
      const submittedAt = Date.now();
      out.submittedAt = submittedAt;
      const res = await sendOnce(target.url, sub, 10_000);
      out.ackMs = Date.now() - submittedAt;
      out.accepted = res.status === 200 && (side === 'bare' || isAccepted(res.status, res.body));
      if (!out.accepted) return { ...out, failure: `submission answered ${res.status} ${res.body.slice(0, 120)}` };
      const d = watch.delivery(v.marker);
      await watch.until(() => d.receipts.length > 0 && d.cards.length > 0, capMs);
      return {
        ...out,
        receipts: d.receipts,
        cards: d.cards,
        ...(d.receipts[0] !== undefined ? { receiptMs: d.receipts[0] - submittedAt } : {}),
        ...(d.cards[0] !== undefined ? { cardMs: d.cards[0] - submittedAt } : {}),
        ...(d.cardTs ? { cardTs: d.cardTs } : {}),
        ...(d.claimValue ? { claimValue: d.claimValue } : {}),
        ...(d.cardVerified !== undefined ? { cardVerified: d.cardVerified } : {}),
      };
    }),
  );
}

/** Staff claim every card of a burst at once; ms from each click until the card shows the claim. */
export async function staffBurst(target: Child, side: Side, cards: VendorResult[], watch: DeliveryWatch, capMs: number): Promise<{ ms: number[]; missing: number }> {
  const clickable = cards.filter((c) => c.cardTs && c.claimValue);
  for (const c of clickable) watch.expectClaim(c.cardTs!, STAFF);
  const ms = await Promise.all(
    clickable.map(async (c) => {
      const click = claimClick({ id: '', triageTs: c.cardTs!, value: c.claimValue! }, STAFF, null, side === 'app' ? 'card_claim' : 'card_claim_update');
      const at = Date.now();
      const res = await sendOnce(target.url, click, 10_000);
      if (res.status !== 200) return undefined;
      await watch.until(() => watch.claimSeenAt(c.cardTs!) !== undefined, capMs);
      const seen = watch.claimSeenAt(c.cardTs!);
      return seen === undefined ? undefined : seen - at;
    }),
  );
  const seen = ms.filter((x): x is number => x !== undefined);
  return { ms: seen, missing: cards.length - seen.length };
}

interface SideRuns {
  /** Per burst, the samples (ms) of one measure. */
  samples: number[][];
  missing: number;
  /** Per burst, from the first click until the last of these appeared (the whole burst served). */
  lastSinceStart: number[];
  /**
   * Per burst, the CPU time (ms, user + system) of the side's process: on the modal row from the first
   * click until every modal was open, on the receipt row from then until every receipt and card
   * appeared, on the staff row during the staff burst. /proc counts in 10 ms ticks.
   */
  cpuMs: number[];
}

const emptyRuns = (): SideRuns => ({ samples: [], missing: 0, lastSinceStart: [], cpuMs: [] });

/** From the burst's first click until the last receipt (or card) appeared, in ms. */
function lastSinceStart(results: VendorResult[], pick: (r: VendorResult) => number | undefined): number | undefined {
  const clicks = results.map((r) => r.clickedAt).filter((x): x is number => x !== undefined);
  const seen = results.map(pick).filter((x): x is number => x !== undefined);
  return clicks.length && seen.length ? Math.max(...seen) - Math.min(...clicks) : undefined;
}

function add(runs: SideRuns, xs: (number | undefined)[]): void {
  const seen = xs.filter((x): x is number => x !== undefined);
  runs.samples.push(seen);
  runs.missing += xs.length - seen.length;
}

/** The middle value, the mean of the middle two for an even count (load.ts's `median` is nearest-rank: of two bursts it would take the faster). */
function middle(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = Math.floor(s.length / 2);
  return s.length % 2 ? s[k]! : mean([s[k - 1]!, s[k]!]);
}

/**
 * The slowest of a side: each burst's slowest, then the median over the side's bursts. One burst's
 * stall (a collection, a slow section of the machine: bare Bolt's own slowest receipt ranged 24–180 ms
 * between runs) then does not decide the ratio; every burst's figure is in the JSON.
 */
const slowest = (r: SideRuns) => middle(r.samples.filter((s) => s.length).map((s) => Math.max(...s)));

function burstRow(name: string, limit: number, app: SideRuns, bare: SideRuns): Scenario {
  const appSlowest = slowest(app);
  const bareSlowest = slowest(bare);
  const r = ratio(appSlowest, bareSlowest);
  const all = (s: SideRuns) => s.samples.flat();
  const notes = [
    app.missing ? `app: ${app.missing} never seen` : '',
    bare.missing ? `bare Bolt: ${bare.missing} never seen` : '',
  ].filter(Boolean);
  return {
    name,
    rps: null,
    p50_ms: round(percentile(all(app), 50), 0),
    p99_ms: round(appSlowest, 0),
    ratio_to_bare_bolt: r,
    target: `slowest ≤ ${limit}× bare Bolt's slowest`,
    target_met: r !== null && r <= limit && app.missing === 0,
    database: 'postgres',
    slowest_ms_per_burst: app.samples.map((s) => (s.length ? Math.round(Math.max(...s)) : null)),
    bare_bolt: {
      p50_ms: round(percentile(all(bare), 50), 0),
      p99_ms: round(bareSlowest, 0),
      slowest_ms_per_burst: bare.samples.map((s) => (s.length ? Math.round(Math.max(...s)) : null)),
      ...(bare.cpuMs.length ? { cpu_ms_per_burst: bare.cpuMs } : {}),
      ...(bare.lastSinceStart.length ? { last_since_burst_start_ms: round(middle(bare.lastSinceStart), 0) } : {}),
    },
    ...(app.cpuMs.length ? { cpu_ms_per_burst: app.cpuMs } : {}),
    ...(app.lastSinceStart.length ? { last_since_burst_start_ms: round(middle(app.lastSinceStart), 0) } : {}),
    ...(notes.length ? { notes: notes.join('; ') } : {}),
  };
}

/**
 * The vendor bursts and staff bursts, in pairs alternating which side goes first: bare, app, app, bare, bare, app …
 * `register`: the app was started with the look-up on, and bare Bolt looks up too; `idle`: our other
 * processes, running but not measured (not counted as other jobs on the machine).
 */
export async function bursts(b: Bench, app: Child, bare: Child, o: { register?: boolean; idle?: Child[] } = {}): Promise<Scenario[]> {
  const n = b.P.burstVendors;
  const register = o.register ?? false;
  const ours = [app, bare, ...(o.idle ?? [])];
  // Markers of their own (E for Enhetsregisteret), so no register-on burst is mistaken for another.
  const tagPrefix = register ? 'E' : '';
  const lookupsPerSide = { app: [] as number[], bare: [] as number[] };
  /** Cards that did not say the numbers were checked against the register (should stay 0 with it on). */
  const unverified = { app: 0, bare: 0 };
  const capMs = b.opts.quick ? 15_000 : 30_000;
  const order = Array.from({ length: b.P.bursts }, (_, k): Side[] => (k % 2 === 0 ? ['bare', 'app'] : ['app', 'bare'])).flat();
  const m = { app: { modal: emptyRuns(), ack: emptyRuns(), receipt: emptyRuns(), card: emptyRuns(), update: emptyRuns() }, bare: { modal: emptyRuns(), ack: emptyRuns(), receipt: emptyRuns(), card: emptyRuns(), update: emptyRuns() } };
  const failures: string[] = [];
  // The first bursts after start-up measure the JIT compiling the paths, on both sides alike: warm-up
  // bursts, as large as the counted ones and not counted, so the bursts compare the steady app with
  // steady bare Bolt. One was not enough: with seven counted bursts a side, both sides' CPU per burst
  // still fell by a third from the first counted ones to the last (bare Bolt 390 → 210 ms).
  for (let k = 1; k <= b.P.warmBursts; k++) {
    for (const side of ['bare', 'app'] as const) {
      await awaitQuiet(ours);
      const watch = new DeliveryWatch(b.slack.fake, TRIAGE);
      const target = side === 'app' ? app : bare;
      const warm = await vendorBurst(b, target, side, `${tagPrefix}W${k}${side === 'app' ? 'A' : 'B'}`, n, watch, capMs, { register });
      await staffBurst(target, side, warm, watch, capMs);
      b.slack.clear();
    }
  }
  let run = 0;
  for (const side of order) {
    run += 1;
    await awaitQuiet(ours);
    b.slack.clear();
    const watch = new DeliveryWatch(b.slack.fake, TRIAGE);
    const target = side === 'app' ? app : bare;
    // CPU per burst varies far less from run to run than the slowest vendor's wait: the figure that
    // shows what a change to the app's work per vendor does.
    const cpu0 = target.cpuS();
    const pg0 = cpuSecondsOfCommand('postgres');
    let modalCpuMs = 0;
    const lookups0 = b.register.lookups;
    const results = await vendorBurst(b, target, side, `${tagPrefix}${side === 'app' ? 'A' : 'B'}${run}`, n, watch, capMs, {
      register,
      onAllOpened: () => {
        modalCpuMs = Math.round((target.cpuS() - cpu0) * 1000);
      },
    });
    const lookups = b.register.lookups - lookups0;
    if (register) {
      lookupsPerSide[side].push(lookups);
      unverified[side] += results.filter((r) => r.cardTs && !r.cardVerified).length;
    }
    const vendorCpuMs = Math.round((target.cpuS() - cpu0) * 1000);
    const pgCpuMs = Math.round((cpuSecondsOfCommand('postgres') - pg0) * 1000);
    const s = m[side];
    s.modal.cpuMs.push(modalCpuMs);
    s.receipt.cpuMs.push(vendorCpuMs - modalCpuMs);
    add(s.modal, results.map((r) => r.modalMs));
    add(s.ack, results.map((r) => r.ackMs));
    add(s.receipt, results.map((r) => r.receiptMs));
    add(s.card, results.map((r) => r.cardMs));
    const lastReceipt = lastSinceStart(results, (r) => r.receipts[0]);
    const lastCard = lastSinceStart(results, (r) => r.cards[0]);
    if (lastReceipt !== undefined) s.receipt.lastSinceStart.push(lastReceipt);
    if (lastCard !== undefined) s.card.lastSinceStart.push(lastCard);
    failures.push(...results.filter((r) => r.failure).map((r) => `${side}: ${r.failure}`));
    const cpu1 = target.cpuS();
    const staff = await staffBurst(target, side, results, watch, capMs);
    const staffCpuMs = Math.round((target.cpuS() - cpu1) * 1000);
    s.update.cpuMs.push(staffCpuMs);
    add(s.update, [...staff.ms, ...Array<undefined>(staff.missing).fill(undefined)]);
    const max = (xs: (number | undefined)[]) => Math.max(...xs.filter((x): x is number => x !== undefined));
    say(
      `burst${register ? ' (register on)' : ''} ${run} (${side === 'app' ? 'app' : 'bare Bolt'}): ${n} vendors${register ? `, ${lookups} register look-ups` : ''}, slowest modal ${max(results.map((r) => r.modalMs))} ms, ` +
        `receipt ${max(results.map((r) => r.receiptMs))} ms, card ${max(results.map((r) => r.cardMs))} ms; ` +
        `last receipt ${lastReceipt ?? '–'} ms after the first click; CPU ${modalCpuMs} ms opening, ${vendorCpuMs - modalCpuMs} ms after (PostgreSQL ${pgCpuMs} ms); ` +
        `staff claims: slowest card update ${staff.ms.length ? Math.max(...staff.ms) : '–'} ms, CPU ${staffCpuMs} ms` +
        (staff.missing ? ` (${staff.missing} not seen)` : ''),
    );
    b.slack.clear();
  }
  const on = register ? ' (register on)' : '';
  const label = `burst${on}: ${n} vendors at once`;
  const rows = [
    burstRow(`${label}: slowest modal (click → views.open)`, 1.2, m.app.modal, m.bare.modal),
    burstRow(`${label}: slowest receipt in the vendor's channel (submission → post)`, 1.5, m.app.receipt, m.bare.receipt),
    burstRow(`${label}: slowest triage card (submission → post)`, 1.5, m.app.card, m.bare.card),
    burstRow(`staff burst${on}: ${n} cards claimed at once: slowest card update (click → chat.update)`, 1.5, m.app.update, m.bare.update),
  ];
  if (register) {
    // Each side should have looked every vendor's number up once: the comparison is like for like.
    rows[0]!.register_latency_ms = b.register.latencyMs;
    rows[0]!.register_lookups_per_burst = lookupsPerSide.app;
    rows[0]!.bare_bolt!.register_lookups_per_burst = lookupsPerSide.bare;
    const short = [...lookupsPerSide.app, ...lookupsPerSide.bare].some((x) => x < n);
    const problems = [
      short ? `a side made fewer than ${n} register look-ups in a burst` : '',
      unverified.app ? `app: ${unverified.app} cards not verified against the register` : '',
      unverified.bare ? `bare Bolt: ${unverified.bare} cards not verified against the register` : '',
    ].filter(Boolean);
    if (problems.length) rows[0]!.notes = [rows[0]!.notes, ...problems].filter(Boolean).join('; ');
  }
  rows[0]!.slowest_submission_ack_ms = round(slowest(m.app.ack), 0);
  rows[0]!.bare_bolt!.slowest_submission_ack_ms = round(slowest(m.bare.ack), 0);
  if (failures.length) rows[0]!.notes = [rows[0]!.notes, `failures: ${[...new Set(failures)].slice(0, 3).join(' | ')}`].filter(Boolean).join('; ');
  return rows;
}
