import { outboxRowById } from '../db/repositories/outbox.js';
import { EFFECT, EFFECT_PAYLOADS, type EffectPayload } from './effects.js';
import type { Ports } from './ports.js';

/** The effects whose file a platform may hand over later, on the staff member's consent (Teams' file consent card). */
export const OFFERED_FILE_KINDS = [EFFECT.reportFile, EFFECT.exportFile, EFFECT.altinnBatchFile] as const;
export type OfferedFileKind = (typeof OFFERED_FILE_KINDS)[number];

export type FileOffer = {
  [K in OfferedFileKind]: { kind: K; payload: EffectPayload<K>; offeredAt: Date };
}[OfferedFileKind];

/**
 * The file effect an offer names (by its outbox row), parsed by its kind's schema; undefined when the
 * row is no file effect. The file is built again from this when the offer is accepted: what was
 * purged since is not in it.
 */
export async function fileOffer(ports: Pick<Ports, 'db'>, outboxId: number): Promise<FileOffer | undefined> {
  const row = await outboxRowById(ports.db, outboxId);
  if (!row || !(OFFERED_FILE_KINDS as readonly string[]).includes(row.kind)) return undefined;
  const kind = row.kind as OfferedFileKind;
  const parsed = EFFECT_PAYLOADS[kind].safeParse(row.payload);
  if (!parsed.success) return undefined;
  return { kind, payload: parsed.data, offeredAt: row.doneAt ?? row.createdAt } as FileOffer;
}
