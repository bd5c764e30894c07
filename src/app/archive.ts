import type { EventKind } from '../domain/events.js';
import { randomUUID } from 'node:crypto';
import { listEvents, recordEvent } from '../db/repositories/events.js';
import { enqueue } from '../db/repositories/outbox.js';
import { findRequestById, findRequestByNumber } from '../db/repositories/requests.js';
import type { FnrKind } from '../domain/fnr.js';
import type { AccessType } from '../domain/intake.js';
import type { Status } from '../domain/lifecycle.js';
import { cardUpdate, effect, EFFECT } from './effects.js';
import type { Ports } from './ports.js';
import type { Locale } from '../domain/texts/index.js';

/**
 * One request's record for brreg's case archive: every event with actor and time, and the texts.
 * Built from named fields only, so the fødselsnummer (only its kind) and the contact details never
 * reach it.
 */
export interface ArchiveRecord {
  number: number;
  status: Status;
  accessType: AccessType;
  vendorOrgNumber: string;
  vendorOrgName: string;
  customerOrgNumber: string | null;
  customerOrgName: string | null;
  fictitiousOrgNumber: string | null;
  channelId: string;
  requesterUserId: string;
  assigneeUserId: string | null;
  loginFnrKind: FnrKind | null;
  openQuestion: string | null;
  lastAnswer: string | null;
  rejectionReason: string | null;
  feedback: string | null;
  feedbackComment: string | null;
  events: { at: Date; kind: EventKind; actorUserId: string; fromStatus: string | null; toStatus: string | null }[];
}

export async function loadArchiveRecord(ports: Pick<Ports, 'db'>, requestId: string): Promise<ArchiveRecord | undefined> {
  const r = await findRequestById(ports.db, requestId);
  if (!r) return undefined;
  const events = await listEvents(ports.db, requestId);
  return {
    number: r.number,
    status: r.status,
    accessType: r.accessType,
    vendorOrgNumber: r.vendorOrgNumber,
    vendorOrgName: r.vendorOrgName,
    customerOrgNumber: r.customerOrgNumber,
    customerOrgName: r.customerOrgName,
    fictitiousOrgNumber: r.fictitiousOrgNumber,
    channelId: r.channelId,
    requesterUserId: r.requesterUserId,
    assigneeUserId: r.assigneeUserId,
    loginFnrKind: r.loginFnrKind,
    openQuestion: r.openQuestion,
    lastAnswer: r.lastAnswer,
    rejectionReason: r.rejectionReason,
    feedback: r.feedback,
    feedbackComment: r.feedbackComment,
    events: events.map((e) => ({ at: e.at, kind: e.kind, actorUserId: e.actorUserId, fromStatus: e.fromStatus, toStatus: e.toStatus })),
  };
}

export type ExportResult = { kind: 'queued' } | { kind: 'not_found' };

/** Queues the record's upload to the staff member (the outbox builds and uploads it). */
export async function requestExport(
  ports: Ports,
  cmd: { number: number; userId: string; teamId?: string | null; locale: Locale },
): Promise<ExportResult> {
  const result = await ports.db.transaction(async (tx): Promise<ExportResult> => {
    const r = await findRequestByNumber(tx, cmd.number);
    if (!r) return { kind: 'not_found' };
    // The record holds the request's texts and history: who took a copy is audited, like a report with contacts.
    const event = await recordEvent(tx, { requestId: r.id, kind: 'exported', actorUserId: cmd.userId, actorTeamId: cmd.teamId ?? null });
    await enqueue(tx, [
      cardUpdate(r.id, event.id),
      effect(EFFECT.exportFile, null, `export:${randomUUID()}`, { requestId: r.id, userId: cmd.userId, locale: cmd.locale }),
    ]);
    return { kind: 'queued' };
  });
  if (result.kind === 'queued') ports.outboxNotify();
  return result;
}
