/**
 * Email addresses: trimmed, validated with zod's email check (v4 default pattern: ASCII local part
 * and domain, no quoted local parts or IP literals), at most 254 characters overall (RFC 5321 path
 * limit) and 64 for the local part. The domain is lower-cased; the local part is kept as typed,
 * since it is case-sensitive in principle.
 */
import { z } from 'zod';

const MAX_LENGTH = 254;
const MAX_LOCAL = 64;
const emailSchema = z.email();

export function parseEmail(input: string): { ok: true; value: string } | { ok: false; error: 'format' } {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_LENGTH) return { ok: false, error: 'format' };
  const at = trimmed.lastIndexOf('@');
  if (at < 1 || at > MAX_LOCAL) return { ok: false, error: 'format' };
  if (!emailSchema.safeParse(trimmed).success) return { ok: false, error: 'format' };
  const value = trimmed.slice(0, at) + '@' + trimmed.slice(at + 1).toLowerCase();
  return { ok: true, value };
}

/**
 * Whether an address's domain has a punycode label (`xn--…`): a mail client shows it decoded, so
 * `xn--brreg-ssa.no` can pass for a domain it is not. Staff are warned on the card.
 */
export function hasPunycodeDomain(email: string): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return domain.split('.').some((label) => label.toLowerCase().startsWith('xn--'));
}
