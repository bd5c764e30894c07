import { randomUUID } from 'node:crypto';
import type { IntakeErrors, IntakeInput, IntakeRequest } from '../domain/intake.js';
import { validateIntake } from '../domain/intake.js';
import { stripUnsafeText } from '../domain/freeText.js';
import type { Platform } from '../domain/address.js';
import type { Locale } from '../domain/texts/index.js';
import { isUniqueViolation } from '../db/client.js';
import { recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { findSubmissionConflicts, insertRequest } from '../db/repositories/requests.js';
import type { NewRequestRow, RequestRow } from '../db/schema.js';
import { SUBMIT_EFFECTS } from '../domain/stepEffects.js';
import { cardUpdate } from './effects.js';
import type { Actor, Ports } from './ports.js';
import { checkRegister, type RegisterVerdict } from './checkRegister.js';
import { stepOutbox } from './stepOutbox.js';

export interface SubmitCommand {
  input: IntakeInput;
  /** The modal's view id: the same view submitted twice is one request. */
  submissionKey: string;
  requester: Actor;
  /** The requester's name as their platform shows it (for the other platform's card); null: not known. */
  requesterName?: string | null;
  /** Where it was filed: Slack (default) or Teams; its notes go back there (app/outbox/sides.ts). */
  platform?: Platform;
  /** The vendor's conversation: a Slack channel, or a Teams conversation (without a reply chain's `;messageid=`). */
  channelId: string;
  locale: Locale;
  /** Teams: the Bot Connector URL of the verified activity it was filed with (proactive posts go there). */
  serviceUrl?: string | null;
  /** How long the register may take before we accept the request as "not verified". */
  registerBudgetMs?: number;
}

export type SubmitResult =
  | { kind: 'invalid'; errors: IntakeErrors }
  | { kind: 'duplicate'; reference: number; field: 'vendor_org_number' | 'customer_org_number' }
  | { kind: 'created'; request: Pick<RequestRow, 'id' | 'number'> }
  | { kind: 'already_submitted'; request: Pick<RequestRow, 'id' | 'number'> };

export async function submitRequest(ports: Ports, cmd: SubmitCommand): Promise<SubmitResult> {
  const validated = validateIntake(cmd.input, { namesFromRegister: !!ports.register });
  if (!validated.ok) return { kind: 'invalid', errors: validated.errors };
  const req = validated.value;

  const verdict = await checkRegister(ports.register, req, cmd.registerBudgetMs ?? 1200);
  if (verdict.errors) return { kind: 'invalid', errors: verdict.errors };
  // A name left blank is taken from the register; if the register did not answer, ask for it.
  const missing: IntakeErrors = {};
  if (!req.vendorOrgName) {
    if (verdict.vendor) req.vendorOrgName = verdict.vendor.name;
    else missing.vendor_org_name = 'name_register_unavailable';
  }
  if (req.customer && !req.customer.orgName) {
    if (verdict.customer) req.customer.orgName = verdict.customer.name;
    else missing.customer_org_name = 'name_register_unavailable';
  }
  if (Object.keys(missing).length > 0) return { kind: 'invalid', errors: missing };

  const row = toRow(req, cmd, verdict);
  const id = randomUUID();
  // Two tries: a submission that races ours (the same view again, the same pair in the channel) and
  // commits first makes our insert fail on a unique key; the second try finds it.
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await ports.db.transaction(async (tx): Promise<SubmitResult> => {
        const known = await findSubmissionConflicts(tx, { submissionKey: cmd.submissionKey, vendorOrgNumber: req.vendorOrgNumber, customerOrgNumber: req.customer?.orgNumber ?? null });
        const same = known.find((r) => r.submissionKey === cmd.submissionKey);
        if (same) return { kind: 'already_submitted', request: same };
        // Only this channel's: another channel's request is never revealed (staff see it on the card).
        const dup = known.find((r) => r.channelId === cmd.channelId);
        if (dup) return duplicateOf(dup, req);
        // The other open requests for the same pair (other channels): their cards now show this one too.
        const others = known.slice(0, 50).map((r) => r.id);
        // The audit event and the outbox rows first, the request last: its insert takes the reference
        // number (a row lock held until commit), so concurrent submissions queue for a commit only.
        // The foreign keys are checked at commit (migration 0008).
        await recordEvent(tx, {
          requestId: id,
          kind: 'submitted',
          actorUserId: cmd.requester.userId,
          actorTeamId: cmd.requester.teamId ?? null,
          toStatus: row.status,
          details: { accessType: req.accessType, verification: verdict.verification, channelId: cmd.channelId },
        });
        await enqueue(tx, [...stepOutbox(SUBMIT_EFFECTS, id, id), ...others.map((other) => cardUpdate(other, `overlap:${id}`))]);
        const request = await insertRequest(tx, { ...row, id });
        return { kind: 'created', request: { id: request.id, number: request.number } };
      });
      if (result.kind === 'created') ports.outboxNotify();
      return result;
    } catch (err) {
      if (attempt > 0 || !isUniqueViolation(err)) throw err;
    }
  }
}

function duplicateOf(dup: RequestRow, req: IntakeRequest): SubmitResult {
  return {
    kind: 'duplicate',
    reference: dup.number,
    field: req.customer ? 'customer_org_number' : 'vendor_org_number',
  };
}

function toRow(req: IntakeRequest, cmd: SubmitCommand, verdict: RegisterVerdict): NewRequestRow {
  return {
    status: 'submitted',
    accessType: req.accessType,
    vendorOrgNumber: req.vendorOrgNumber,
    vendorOrgName: req.vendorOrgName,
    vendorRegister: verdict.vendor ?? null,
    customerOrgNumber: req.customer?.orgNumber ?? null,
    customerOrgName: req.customer?.orgName ?? null,
    customerRegister: verdict.customer ?? null,
    verification: verdict.verification,
    contactName: req.contactName,
    contactEmail: req.contactEmail,
    contactPhone: req.contactPhone,
    customerEmail: req.customer?.email ?? null,
    customerPhone: req.customer?.phone ?? null,
    productionDataAck: req.productionDataAck,
    locale: cmd.locale,
    requesterUserId: cmd.requester.userId,
    requesterTeamId: cmd.requester.teamId ?? null,
    requesterEnterpriseId: cmd.requester.enterpriseId ?? null,
    // As a platform gives it: shown, never refused, so only free text's unsafe characters go.
    requesterName: stripUnsafeText(cmd.requesterName ?? '').trim().slice(0, 200) || null,
    serviceUrl: cmd.serviceUrl ?? null,
    platform: cmd.platform ?? 'slack',
    channelId: cmd.channelId,
    submissionKey: cmd.submissionKey,
  };
}
