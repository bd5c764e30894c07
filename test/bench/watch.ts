/**
 * What users see, from the fake Slack API's side: when each watched submission's receipt appeared
 * in its vendor channel and its card in the triage channel, when a card changed after a staff click,
 * and when a modal opened. Times are the fake's arrival times (`call.at`, ms since epoch), so the
 * bench times users' actions with Date.now() as well.
 *
 * A message "appears" when chat.postMessage succeeded (not a 429, not ok:false). Watched submissions
 * carry a marker in their organisation name (payloads.ts), which the receipt and the card show.
 */
import { texts } from '../../src/domain/texts/index.js';
import type { FakeSlack, FakeSlackCall } from '../support/fakeSlack.js';
import { MARKER } from './payloads.js';

export interface Delivery {
  /** Successful posts seen (exactly one each is right). */
  receipts: number[];
  cards: number[];
  cardTs?: string;
  /** The value of the card's claim button (what a staff click sends back). */
  claimValue?: string;
  /** Whether the first card said the numbers were checked against Enhetsregisteret (the register-on bursts). */
  cardVerified?: boolean;
}

const VERIFIED = JSON.stringify(texts('nb').card.verified).slice(1, -1);

export interface Open {
  at: number;
  viewId: string;
}

const succeeded = (c: FakeSlackCall) => !c.failed && c.response.ok === true;

/** The value of the first button with this action_id in the blocks. */
function buttonValue(blocks: unknown, actionId: string): string | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const b of blocks as { elements?: { action_id?: string; value?: string }[] }[]) {
    const el = b.elements?.find((e) => e.action_id === actionId);
    if (el?.value !== undefined) return el.value;
  }
  return undefined;
}

export class DeliveryWatch {
  readonly deliveries = new Map<string, Delivery>();
  readonly opens = new Map<string, Open>();
  /** Card ts → the staff user whose claim the bench waits to see, and when it was seen. */
  private readonly claims = new Map<string, { staff: string; at?: number }>();
  /** Top-level posts to other channels that carried no marker (should stay 0). */
  unmatched = 0;

  constructor(
    private readonly fake: FakeSlack,
    private readonly triage: string,
  ) {}

  delivery(marker: string): Delivery {
    let d = this.deliveries.get(marker);
    if (!d) {
      d = { receipts: [], cards: [] };
      this.deliveries.set(marker, d);
    }
    return d;
  }

  expectClaim(cardTs: string, staff: string): void {
    this.claims.set(cardTs, { staff });
  }

  claimSeenAt(cardTs: string): number | undefined {
    return this.claims.get(cardTs)?.at;
  }

  /** Reads (and removes from the fake) the calls recorded since the last take. */
  take(): void {
    for (const c of this.fake.calls.splice(0, this.fake.calls.length)) this.see(c);
  }

  private see(c: FakeSlackCall): void {
    if (!succeeded(c)) return;
    const channel = typeof c.args.channel === 'string' ? c.args.channel : '';
    if (c.method === 'views.open') {
      const trigger = typeof c.args.trigger_id === 'string' ? c.args.trigger_id : '';
      const view = c.response.view as { id?: string } | undefined;
      if (trigger && view?.id) this.opens.set(trigger, { at: c.at, viewId: view.id });
      return;
    }
    if (c.method === 'chat.update' && channel === this.triage) {
      const ts = typeof c.args.ts === 'string' ? c.args.ts : '';
      const claim = this.claims.get(ts);
      if (claim && claim.at === undefined && JSON.stringify(c.args.blocks ?? '').includes(`<@${claim.staff}>`)) claim.at = c.at;
      return;
    }
    if (c.method !== 'chat.postMessage' || c.args.thread_ts !== undefined) return;
    const marker = MARKER.exec(JSON.stringify(c.args.blocks ?? c.args.text ?? ''))?.[1];
    if (!marker) {
      this.unmatched += 1;
      return;
    }
    const d = this.delivery(marker);
    if (channel === this.triage) {
      d.cards.push(c.at);
      if (d.cardTs === undefined) {
        d.cardTs = typeof c.response.ts === 'string' ? c.response.ts : undefined;
        d.claimValue = buttonValue(c.args.blocks, 'card_claim');
        d.cardVerified = JSON.stringify(c.args.blocks ?? '').includes(VERIFIED);
      }
    } else d.receipts.push(c.at);
  }

  private readonly waiters = new Set<{ done: () => boolean; deadline: number; resolve: (ok: boolean) => void }>();
  private ticker: NodeJS.Timeout | undefined;

  /**
   * Waits until `done()` holds (true) or `capMs` has passed (false). One ticker takes the calls for
   * all waiters every 5 ms: the fake shares this event loop, and 50 pollers would slow its answers.
   */
  until(done: () => boolean, capMs: number): Promise<boolean> {
    this.take();
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      this.waiters.add({ done, deadline: Date.now() + capMs, resolve });
      this.ticker ??= setInterval(() => this.tick(), 5);
    });
  }

  private tick(): void {
    this.take();
    const now = Date.now();
    for (const w of [...this.waiters]) {
      const ok = w.done();
      if (ok || now >= w.deadline) {
        this.waiters.delete(w);
        w.resolve(ok);
      }
    }
    if (this.waiters.size === 0 && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}
