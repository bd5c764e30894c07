import type { OutboxRow } from '../../db/schema.js';
import { EFFECT_PAYLOADS, type EffectKind, type EffectPayload } from '../effects.js';
import { PermanentDeliveryError, type OutboxHandler } from './worker.js';

/** What a handler gets: the row, and its payload parsed by the effect registry's schema for its kind. */
export interface Delivery<K extends EffectKind> {
  row: OutboxRow;
  payload: EffectPayload<K>;
}

export type EffectHandler<K extends EffectKind> = (d: Delivery<K>) => Promise<unknown>;

/** The handlers an adapter registers at start-up, by effect kind (Slack's, the mail adapter's). */
export type EffectHandlers = { [K in EffectKind]?: EffectHandler<K> };

/**
 * The worker's dispatch table: each row's payload is parsed with its kind's schema before the
 * handler sees it. A payload that does not parse can never be delivered: it is given up at once.
 */
export function dispatchTable(...adapters: EffectHandlers[]): Record<string, OutboxHandler> {
  const table: Record<string, OutboxHandler> = {};
  for (const handlers of adapters) {
    for (const kind of Object.keys(EFFECT_PAYLOADS) as EffectKind[]) {
      const handler = handlers[kind] as EffectHandler<typeof kind> | undefined;
      if (!handler) continue;
      if (table[kind]) throw new Error(`two handlers registered for outbox kind ${kind}`);
      table[kind] = (row) => {
        const parsed = EFFECT_PAYLOADS[kind].safeParse(row.payload);
        if (!parsed.success) throw new PermanentDeliveryError(`outbox row ${row.id}: payload does not fit ${kind}`);
        return handler({ row, payload: parsed.data });
      };
    }
  }
  return table;
}

/** An adapter's handlers without these kinds (another adapter delivers them, e.g. Teams when triage is there). */
export function withoutKinds(handlers: EffectHandlers, kinds: readonly string[]): EffectHandlers {
  return Object.fromEntries(Object.entries(handlers).filter(([kind]) => !kinds.includes(kind))) as EffectHandlers;
}
