import type { Harness } from './harness.js';
import { VENDOR_CHANNEL, VENDOR_USER_EN } from './harness.js';
import {
  blockActionPayload,
  checkboxes,
  emailInput,
  plainInput,
  radio,
  viewSubmissionPayload,
  type StateValues,
} from './slackRequests.js';

export interface IntakeFields {
  vendor_org_number?: string;
  vendor_org_name?: string;
  contact_name?: string;
  contact_email?: string;
  contact_phone?: string;
  access_type?: 'fictitious_enterprise' | 'customer_delegation' | '';
  customer_org_number?: string;
  customer_org_name?: string;
  customer_email?: string;
  customer_phone?: string;
  production_data_ack?: boolean;
}

/** Real, valid organisation numbers (MOD11): Brønnøysundregistrene, Skatteetaten, Digdir. */
export const ORG = { brreg: '974760673', skatt: '974761076', digdir: '991825827' } as const;

export const FICTITIOUS: IntakeFields = {
  vendor_org_number: '974 760 673',
  vendor_org_name: 'Acme Regnskap AS',
  contact_name: 'Kari Nordmann',
  contact_email: 'kari@Acme.NO',
  contact_phone: '412 34 567',
  access_type: 'fictitious_enterprise',
};

export const DELEGATION: IntakeFields = {
  vendor_org_number: ORG.brreg,
  vendor_org_name: 'Acme Regnskap AS',
  contact_name: 'Kari Nordmann',
  contact_email: 'kari@acme.no',
  contact_phone: '+47 412 34 567',
  access_type: 'customer_delegation',
  customer_org_number: ORG.skatt,
  customer_org_name: 'Kunde Bakeri AS',
  customer_email: 'post@kundebakeri.no',
  customer_phone: '+47 987 65 432',
  production_data_ack: true,
};

/** The state.values Slack would send for these fields (block_id and action_id are the field name). */
export function stateValues(f: IntakeFields): StateValues {
  const v: StateValues = {
    vendor_org_number: { vendor_org_number: plainInput(f.vendor_org_number) },
    vendor_org_name: { vendor_org_name: plainInput(f.vendor_org_name) },
    contact_name: { contact_name: plainInput(f.contact_name) },
    contact_email: { contact_email: emailInput(f.contact_email) },
    contact_phone: { contact_phone: plainInput(f.contact_phone) },
    access_type: { access_type: radio(f.access_type || undefined) },
  };
  if (f.access_type === 'customer_delegation') {
    v.customer_org_number = { customer_org_number: plainInput(f.customer_org_number) };
    v.customer_org_name = { customer_org_name: plainInput(f.customer_org_name) };
    v.customer_email = { customer_email: emailInput(f.customer_email) };
    v.customer_phone = { customer_phone: plainInput(f.customer_phone) };
    v.production_data_ack = { production_data_ack: checkboxes(f.production_data_ack ? ['acknowledged'] : []) };
  }
  return v;
}

/** Clicks the pinned button as `user` in `channel` and returns the modal the app opened. */
export async function openIntakeByButton(h: Harness, user: string, channel = VENDOR_CHANNEL, team = 'TVENDOR01') {
  const before = h.slack.callsOf('views.open').length;
  const res = await h.send.interactive(
    blockActionPayload({
      user: { id: user, team_id: team },
      channel,
      message: { ts: '1700000000.000001' },
      action: { action_id: 'open_intake', block_id: 'tt02_entry', value: 'open' },
    }),
  );
  if (res.status !== 200) throw new Error(`button click answered ${res.status}`);
  const opened = await h.slack.waitForNew('views.open', before);
  const view = opened.args.view as { private_metadata: string; callback_id: string; blocks: unknown[] };
  const id = (opened.response.view as { id: string }).id;
  return { id, view, triggerId: opened.args.trigger_id as string };
}

/** Submits the intake modal `viewId` as Slack would, returning the HTTP answer (the ack body). */
export async function submitIntake(
  h: Harness,
  opts: { viewId: string; privateMetadata: string; user: string; team?: string; fields: IntakeFields },
) {
  return h.send.interactive(
    viewSubmissionPayload({
      user: { id: opts.user, team_id: opts.team ?? 'TVENDOR01' },
      view: {
        id: opts.viewId,
        callback_id: 'tt02_intake',
        private_metadata: opts.privateMetadata,
        state: { values: stateValues(opts.fields) },
      },
    }),
  );
}

/** Opens the modal by button and submits `fields`; returns the ack body. */
export async function fileRequest(h: Harness, user: string, fields: IntakeFields, channel = VENDOR_CHANNEL) {
  const modal = await openIntakeByButton(h, user, channel);
  // The modal opens before Slack says the user's language; the user submits it as shown once corrected.
  const locale = (v: { private_metadata: string }) => (JSON.parse(v.private_metadata) as { locale?: string }).locale;
  if (user === VENDOR_USER_EN && locale(modal.view) !== 'en') await h.slack.waitFor('views.update', (a) => a.view_id === modal.id);
  const shown = h.slack.view(modal.id)!.view as { private_metadata: string };
  const res = await submitIntake(h, { viewId: modal.id, privateMetadata: shown.private_metadata, user, fields });
  return { modal, res };
}

let orgSeed = 81_000_000 + Math.floor(Math.random() * 1_000_000);
/** A fresh valid organisation number (MOD11), so tests never collide as duplicates. */
export function freshOrgNumber(): string {
  for (;;) {
    orgSeed += 1;
    const base = String(orgSeed);
    const sum = [3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * Number(base[i]), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return base + String(check === 11 ? 0 : check);
  }
}
