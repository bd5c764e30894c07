import { parseOrgNumber } from '../../domain/orgnr.js';
import type { Texts } from '../../domain/texts/index.js';
import type { RegisterLookup } from '../../app/ports.js';
import { esc } from './kit.js';

export const ORG_NUMBER_FIELDS = ['vendor_org_number', 'customer_org_number'] as const;
export type OrgNumberField = (typeof ORG_NUMBER_FIELDS)[number];

/** What the register said about each number in the modal, as the line shown under its field. */
export type RegisterNotes = Partial<Record<OrgNumberField, string>>;

/** The block_id of the line under an organisation number field (a context block, not an input). */
export const registerNoteBlockId = (field: OrgNumberField) => `${field}_register`;

/**
 * The line under an organisation number as it is typed: the register's name and place, or why the
 * number will be refused. Nothing while the number is incomplete, or while the register is off.
 */
export function registerNoteText(t: Texts, typed: string | null | undefined, lookup: RegisterLookup | undefined): string | undefined {
  const parsed = parseOrgNumber(typed ?? '');
  if (!parsed.ok) return parsed.error === 'checksum' ? t.registerNote.checksum : undefined;
  switch (lookup?.kind) {
    case 'found': {
      if (lookup.deleted) return t.registerNote.deleted;
      const flags = [lookup.bankrupt ? t.registerNote.bankrupt : '', lookup.windingUp ? t.registerNote.windingUp : ''].filter(Boolean);
      const line = t.registerNote.found(esc(lookup.name), lookup.place ? esc(lookup.place) : null);
      return flags.length > 0 ? `${line} · :rotating_light: *${flags.join(', ')}*` : line;
    }
    case 'not_found':
      return t.registerNote.notFound;
    case 'removed':
      return t.registerNote.removed;
    case 'unavailable':
      return t.registerNote.unavailable;
    default:
      return undefined;
  }
}

/** Notes for every number in the modal from what the register client already knows (no network). */
export function cachedRegisterNotes(
  t: Texts,
  values: Partial<Record<OrgNumberField, string | null>>,
  peek: ((orgNumber: string) => RegisterLookup | undefined) | undefined,
): RegisterNotes {
  const notes: RegisterNotes = {};
  if (!peek) return notes;
  for (const field of ORG_NUMBER_FIELDS) {
    const parsed = parseOrgNumber(values[field] ?? '');
    const note = registerNoteText(t, values[field], parsed.ok ? peek(parsed.value) : undefined);
    if (note) notes[field] = note;
  }
  return notes;
}
