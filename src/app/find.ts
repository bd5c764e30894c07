import { searchRequests, type FoundRequest, type RequestSearch } from '../db/repositories/conversation.js';
import { parseOrgNumber } from '../domain/orgnr.js';
import type { Ports } from './ports.js';

export type { FoundRequest };

export const FIND_LIMIT = 10;

/**
 * What `/tt02-access find` looks for: a reference (TT02-0042 or 42), an organisation number (vendor,
 * customer or fictitious; spaces allowed) or a name (case-insensitive, contained). A number is tried
 * as all that fits it; a name only as a name.
 */
export function parseFindQuery(raw: string): RequestSearch | null {
  const q = raw.trim().replace(/\s+/g, ' ');
  if (!q) return null;
  const ref = /^(?:tt02-?)?(\d{1,6})$/i.exec(q);
  const digits = q.replace(/\s/g, '');
  const org = /^\d{9}$/.test(digits) && parseOrgNumber(digits).ok ? digits : undefined;
  if (ref || org) return { ...(ref ? { number: Number(ref[1]) } : {}), ...(org ? { orgNumber: org } : {}) };
  if (q.length < 2) return null;
  return { name: q.slice(0, 200) };
}

export type FindResult = { kind: 'usage' } | { kind: 'found'; rows: FoundRequest[]; total: number };

export async function findRequests(ports: Ports, raw: string): Promise<FindResult> {
  const search = parseFindQuery(raw);
  if (!search) return { kind: 'usage' };
  const { rows, total } = await searchRequests(ports.db, search, FIND_LIMIT);
  return { kind: 'found', rows, total };
}
