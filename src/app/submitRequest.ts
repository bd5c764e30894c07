import type { IntakeErrors, IntakeInput, IntakeRequest } from '../domain/intake.js';
import { validateIntake } from '../domain/intake.js';
import type { Locale } from '../domain/texts/index.js';
import {
  findOpenDuplicate,
  findRequestBySubmissionKey,
  insertSubmittedRequest,
  type SubmittedRequest,
} from '../db/repositories/requests.js';
import type { RequestRow } from '../db/schema.js';
import { SUBMIT_EFFECTS } from '../domain/stepEffects.js';
import { laneOf } from '../db/repositories/outbox.js';
import { cardUpdate } from './effects.js';
import { newRequestCard } from './loadCard.js';
import type { Actor, Ports } from './ports.js';
import { checkRegister, type RegisterVerdict } from './checkRegister.js';
import { requestStoredIn } from './queries.js';
import { stepOutbox } from './stepOutbox.js';

export interface SubmitCommand {
  input: IntakeInput;
  /** The modal's view id: the same view submitted twice is one request. */
  submissionKey: string;
  requester: Actor;
  channelId: string;
  locale: Locale;
  /** How long the register may take before we accept the request as "not verified". */
  registerBudgetMs?: number;
}

export type SubmitResult =
  | { kind: 'invalid'; errors: IntakeErrors }
  /** Deliveries are behind: nothing stored, try again in a minute. */
  | { kind: 'busy' }
  | { kind: 'duplicate'; reference: number; field: 'vendor_org_number' | 'customer_org_number' }
  | { kind: 'created'; request: Pick<RequestRow, 'id' | 'number'> }
  | { kind: 'already_submitted'; request: Pick<RequestRow, 'id' | 'number'> };

export async function submitRequest(ports: Ports, cmd: SubmitCommand): Promise<SubmitResult> {
  const validated = validateIntake(cmd.input, { namesFromRegister: !!ports.register });
  if (!validated.ok) return { kind: 'invalid', errors: validated.errors };
  const req = validated.value;
  // After validation, so that a vendor still learns what to correct; before any work is done.
  if (ports.admission?.busy()) return { kind: 'busy' };

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
  // A new request's first row in each lane has nothing to wait for: with a worker in this process it
  // is leased to it in the insert and delivered at once (the receipt and card a vendor and staff wait for).
  const direct = ports.deliverNow?.accepting() ? ports.deliverNow : undefined;
  const lanes = new Set<string>();
  const effects = stepOutbox(SUBMIT_EFFECTS, ':id', ':id').map((e) => {
    const lane = laneOf(e.kind);
    const leased = !!direct && !lanes.has(lane);
    lanes.add(lane);
    return { kind: e.kind, dedupeKey: e.dedupeKey, leased };
  });
  // Placeholders the statement fills in: the other request's id, the new one's.
  const overlapEffect = cardUpdate(':other', 'overlap::id');
  const event = {
    actorUserId: cmd.requester.userId,
    actorTeamId: cmd.requester.teamId ?? null,
    details: { accessType: req.accessType, verification: verdict.verification, channelId: cmd.channelId },
  };
  // Two tries: a duplicate that is closed between our insert and our look-up leaves nothing to report.
  for (let attempt = 0; attempt < 2; attempt++) {
    const created = await insertSubmittedRequest(ports.db, {
      row,
      event,
      effects,
      overlapEffect,
      ...(direct ? { leaseMs: direct.leaseMs } : {}),
    });
    if (created) {
      requestStoredIn(ports, cmd.channelId);
      if (created.leased.length > 0) {
        direct?.deliver(created.leased, { request: created.request, card: newRequestCard(created.request, created.event, created.overlaps) });
      }
      // The rest (other requests' card updates for an overlap) the worker claims.
      if (created.leased.length < effects.length || created.overlapped) ports.outboxNotify();
      return { kind: 'created', request: { id: created.id, number: created.number } };
    }
    // A unique key refused it: the same view again, or an open request for the same pair.
    const same = await findRequestBySubmissionKey(ports.db, cmd.submissionKey);
    if (same) return { kind: 'already_submitted', request: same };
    // Only this channel's: another channel's request is never revealed (staff see it on the card).
    const dup = await findOpenDuplicate(ports.db, req.vendorOrgNumber, req.customer?.orgNumber ?? null, cmd.channelId);
    if (dup) return duplicateOf(dup, req);
  }
  throw new Error('request could not be stored and no conflicting request was found');
}

function duplicateOf(dup: RequestRow, req: IntakeRequest): SubmitResult {
  return {
    kind: 'duplicate',
    reference: dup.number,
    field: req.customer ? 'customer_org_number' : 'vendor_org_number',
  };
}

function toRow(req: IntakeRequest, cmd: SubmitCommand, verdict: RegisterVerdict): SubmittedRequest['row'] {
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
    channelId: cmd.channelId,
    submissionKey: cmd.submissionKey,
  };
}
