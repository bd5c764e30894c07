import { z } from 'zod';
import { parseEmail } from './email.js';
import { parseName } from './name.js';
import { parseOrgNumber } from './orgnr.js';
import { parsePhone } from './phone.js';

/** The modal's input block_ids: part of the interface contract (PRODUCT.md). */
export const FIELD_IDS = [
  'vendor_org_number',
  'vendor_org_name',
  'contact_name',
  'contact_email',
  'contact_phone',
  'access_type',
  'customer_org_number',
  'customer_org_name',
  'customer_email',
  'customer_phone',
  'production_data_ack',
] as const;
export type FieldId = (typeof FIELD_IDS)[number];

export const ACCESS_TYPES = ['fictitious_enterprise', 'customer_delegation'] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

export type IntakeErrorCode =
  | 'required'
  | 'org_format'
  | 'org_checksum'
  | 'name_too_short'
  | 'name_too_long'
  | 'name_control_chars'
  | 'name_url'
  | 'email_format'
  | 'phone_format'
  | 'phone_not_mobile'
  | 'same_org'
  | 'ack_required'
  | 'register_not_found'
  | 'register_removed'
  | 'register_deleted'
  | 'name_register_unavailable';

export type IntakeErrors = Partial<Record<FieldId, IntakeErrorCode>>;

/** What the modal's fields hold, as typed (strings may be missing or empty). */
export const intakeInputSchema = z.object({
  vendor_org_number: z.string().nullish(),
  vendor_org_name: z.string().nullish(),
  contact_name: z.string().nullish(),
  contact_email: z.string().nullish(),
  contact_phone: z.string().nullish(),
  access_type: z.string().nullish(),
  customer_org_number: z.string().nullish(),
  customer_org_name: z.string().nullish(),
  customer_email: z.string().nullish(),
  customer_phone: z.string().nullish(),
  production_data_ack: z.boolean().nullish(),
});
export type IntakeInput = z.infer<typeof intakeInputSchema>;

export interface CustomerDetails {
  orgNumber: string;
  orgName: string;
  email: string;
  phone: string;
}

export interface IntakeRequest {
  accessType: AccessType;
  vendorOrgNumber: string;
  vendorOrgName: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  customer: CustomerDetails | null;
  productionDataAck: boolean;
}

export type IntakeResult = { ok: true; value: IntakeRequest } | { ok: false; errors: IntakeErrors };

export function isAccessType(s: string | null | undefined): s is AccessType {
  return (ACCESS_TYPES as readonly string[]).includes(s ?? '');
}

export type FieldResult<E extends IntakeErrorCode> = { ok: true; value: string } | { ok: false; error: E };

/** An email address field, as at intake (staff corrections use the same rule). */
export function emailField(raw: string | null | undefined): FieldResult<'required' | 'email_format'> {
  if (!raw || !raw.trim()) return { ok: false, error: 'required' };
  const r = parseEmail(raw);
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: 'email_format' };
}

/** A phone number field in E.164, as at intake; `mobile`: a landline is refused (the customer's). */
export function phoneField(raw: string | null | undefined, mobile: boolean): FieldResult<'required' | 'phone_format' | 'phone_not_mobile'> {
  if (!raw || !raw.trim()) return { ok: false, error: 'required' };
  const r = parsePhone(raw, { mobile });
  if (r.ok) return { ok: true, value: r.e164 };
  return { ok: false, error: r.error === 'not_mobile' ? 'phone_not_mobile' : 'phone_format' };
}

/**
 * Checks every rule of the domain table and reports each failure at its field. With
 * `namesFromRegister`, organisation names may be left blank (empty string): the register fills them.
 */
export function validateIntake(input: IntakeInput, opts: { namesFromRegister?: boolean } = {}): IntakeResult {
  const errors: IntakeErrors = {};
  const blank = (s: string | null | undefined) => !s || !s.trim();

  const org = (field: FieldId, raw: string | null | undefined): string | undefined => {
    if (blank(raw)) return void (errors[field] = 'required');
    const r = parseOrgNumber(raw!);
    if (r.ok) return r.value;
    errors[field] = r.error === 'format' ? 'org_format' : 'org_checksum';
  };
  const name = (field: FieldId, raw: string | null | undefined, fromRegister = false): string | undefined => {
    if (blank(raw)) return fromRegister ? '' : void (errors[field] = 'required');
    const r = parseName(raw!);
    if (r.ok) return r.value;
    errors[field] = `name_${r.error}`;
  };
  const email = (field: FieldId, raw: string | null | undefined): string | undefined => {
    const r = emailField(raw);
    if (r.ok) return r.value;
    errors[field] = r.error;
  };
  const phone = (field: FieldId, raw: string | null | undefined, mobile: boolean): string | undefined => {
    const r = phoneField(raw, mobile);
    if (r.ok) return r.value;
    errors[field] = r.error;
  };

  const vendorOrgNumber = org('vendor_org_number', input.vendor_org_number);
  const vendorOrgName = name('vendor_org_name', input.vendor_org_name, opts.namesFromRegister);
  const contactName = name('contact_name', input.contact_name);
  const contactEmail = email('contact_email', input.contact_email);
  const contactPhone = phone('contact_phone', input.contact_phone, false);
  const accessType = isAccessType(input.access_type) ? input.access_type : undefined;
  if (!accessType) errors.access_type = 'required';

  let customer: CustomerDetails | null = null;
  if (accessType === 'customer_delegation') {
    const orgNumber = org('customer_org_number', input.customer_org_number);
    const orgName = name('customer_org_name', input.customer_org_name, opts.namesFromRegister);
    const cEmail = email('customer_email', input.customer_email);
    const cPhone = phone('customer_phone', input.customer_phone, true);
    if (!input.production_data_ack) errors.production_data_ack = 'ack_required';
    if (orgNumber && vendorOrgNumber && orgNumber === vendorOrgNumber) errors.customer_org_number = 'same_org';
    if (orgNumber && orgName !== undefined && cEmail && cPhone) customer = { orgNumber, orgName, email: cEmail, phone: cPhone };
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      accessType: accessType!,
      vendorOrgNumber: vendorOrgNumber!,
      vendorOrgName: vendorOrgName ?? '',
      contactName: contactName!,
      contactEmail: contactEmail!,
      contactPhone: contactPhone!,
      customer,
      productionDataAck: accessType === 'customer_delegation' && !!input.production_data_ack,
    },
  };
}
