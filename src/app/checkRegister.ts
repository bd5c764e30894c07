import { z } from 'zod';
import type { IntakeErrors, IntakeRequest } from '../domain/intake.js';
import type { EnterpriseRegister, RegisterLookup } from './ports.js';

/** What the register said about an organisation, kept on the request (no personal data). */
export interface RegisterSnapshot {
  /** Set when a later re-check found the number unknown, removed or deleted. */
  problem?: 'register_not_found' | 'register_removed' | 'register_deleted';
  name: string;
  orgForm: string | null;
  bankrupt: boolean;
  windingUp: boolean;
}

/**
 * A stored snapshot as the card reads it: parsed, since the column is JSON (a re-check that found
 * the number gone stores only the problem). Null when there is none or it is unreadable.
 */
const storedSnapshot = z.object({
  problem: z.enum(['register_not_found', 'register_removed', 'register_deleted']).optional(),
  name: z.string().default(''),
  orgForm: z.string().nullable().default(null),
  bankrupt: z.boolean().default(false),
  windingUp: z.boolean().default(false),
});

export function readRegisterSnapshot(stored: unknown): RegisterSnapshot | null {
  const parsed = storedSnapshot.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

import type { Verification } from '../domain/verification.js';

export interface RegisterVerdict {
  errors?: IntakeErrors;
  verification: Verification;
  vendor?: RegisterSnapshot;
  customer?: RegisterSnapshot;
}

/**
 * Looks the vendor (and customer) up in Enhetsregisteret, waiting at most `budgetMs`.
 * Unknown, removed and deleted enterprises are refused; an unreachable register never blocks intake.
 */
export async function checkRegister(
  register: EnterpriseRegister | undefined,
  req: Pick<IntakeRequest, 'vendorOrgNumber' | 'customer'>,
  budgetMs: number,
): Promise<RegisterVerdict> {
  if (!register) return { verification: 'disabled' };
  const [vendor, customer] = await Promise.all([
    register.lookup(req.vendorOrgNumber, { timeoutMs: budgetMs }),
    req.customer ? register.lookup(req.customer.orgNumber, { timeoutMs: budgetMs }) : Promise.resolve(undefined),
  ]);
  const errors: IntakeErrors = {};
  const refuse = (field: 'vendor_org_number' | 'customer_org_number', r: RegisterLookup | undefined) => {
    if (r?.kind === 'not_found') errors[field] = 'register_not_found';
    else if (r?.kind === 'removed') errors[field] = 'register_removed';
    else if (r?.kind === 'found' && r.deleted) errors[field] = 'register_deleted';
  };
  refuse('vendor_org_number', vendor);
  refuse('customer_org_number', customer);
  if (Object.keys(errors).length > 0) return { errors, verification: 'verified' };

  const looked = [vendor, customer].filter((r): r is RegisterLookup => r !== undefined);
  const verification: Verification = looked.every((r) => r.kind === 'disabled')
    ? 'disabled'
    : looked.every((r) => r.kind === 'found')
      ? 'verified'
      : 'not_verified';
  return { verification, vendor: snapshot(vendor), customer: snapshot(customer) };
}

function snapshot(r: RegisterLookup | undefined): RegisterSnapshot | undefined {
  if (r?.kind !== 'found') return undefined;
  return { name: r.name, orgForm: r.orgForm, bankrupt: r.bankrupt, windingUp: r.windingUp };
}
