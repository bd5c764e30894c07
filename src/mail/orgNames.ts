import { readRegisterSnapshot } from '../app/checkRegister.js';
import type { RequestRow } from '../app/rows.js';

/** What `orgNames` reads: a whole request row, or a nudge target that carries the vendor's snapshot. */
export type OrgNameFields = Pick<RequestRow, 'vendorOrgName' | 'vendorRegister'> &
  Partial<Pick<RequestRow, 'customerOrgNumber' | 'customerOrgName' | 'customerRegister'>>;

/**
 * The organisations' names as our email gives them: the register's where it answered, else what the
 * vendor typed. The email goes from brreg's sender to an address the vendor chose, so it should not
 * carry the vendor's words where the register has the name.
 */
export function orgNames(r: OrgNameFields): { vendorOrgName: string; customerOrgName: string | null } {
  const registered = (typed: string | null, stored: unknown) => {
    const snapshot = readRegisterSnapshot(stored);
    return snapshot && !snapshot.problem && snapshot.name ? snapshot.name : typed;
  };
  return {
    vendorOrgName: registered(r.vendorOrgName, r.vendorRegister) ?? r.vendorOrgName,
    customerOrgName: r.customerOrgNumber ? registered(r.customerOrgName ?? null, r.customerRegister) : (r.customerOrgName ?? null),
  };
}
