import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { OPEN_STATUSES, STATUSES, type Status } from '../../domain/lifecycle.js';
import type { Locale } from '../../domain/texts/index.js';
import { rowFromJson, rowsOf, type Executor } from '../client.js';
import { GroupCommit, perDatabase } from '../groupCommit.js';
import { OPEN_STATUSES_SQL, outbox, requestEvents, requests, type NewRequestRow, type OutboxRow, type RequestEventRow, type RequestRow } from '../schema.js';
import { laneOf, laneSql } from './outbox.js';

export async function findRequestById(db: Executor, id: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.id, id)).limit(1);
  return row;
}

const requestReaders = new WeakMap<object, GroupCommit<string, RequestRow | undefined>>();

/**
 * findRequestById for many concurrent readers (the outbox's deliveries in a burst): reads that
 * arrive together share one statement.
 */
export function findRequestByIdShared(db: Executor, id: string): Promise<RequestRow | undefined> {
  return perDatabase(requestReaders, db, () => new GroupCommit({ write: (ids: string[]) => findRequestsByIds(db, ids) })).write(id);
}

/** The requests with these ids, in the same order (undefined where there is none). */
export async function findRequestsByIds(db: Executor, ids: string[]): Promise<(RequestRow | undefined)[]> {
  const rows = await db.select().from(requests).where(inArray(requests.id, [...new Set(ids)]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

export async function findRequestByNumber(db: Executor, number: number): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.number, number)).limit(1);
  return row;
}

export async function findRequestBySubmissionKey(db: Executor, key: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.submissionKey, key)).limit(1);
  return row;
}

/** The open request for the same vendor and customer (or vendor and fictitious) in the same channel, if any. */
export async function findOpenDuplicate(
  db: Executor,
  vendorOrgNumber: string,
  customerOrgNumber: string | null,
  channelId: string,
): Promise<RequestRow | undefined> {
  const [row] = await db
    .select()
    .from(requests)
    .where(
      and(
        eq(requests.vendorOrgNumber, vendorOrgNumber),
        sql`coalesce(${requests.customerOrgNumber}, '') = ${customerOrgNumber ?? ''}`,
        eq(requests.channelId, channelId),
        OPEN_STATUSES_SQL,
      ),
    )
    .limit(1);
  return row;
}

export interface IntakePrefill {
  vendorOrgNumber: string;
  vendorOrgName: string;
  /** Only from the same user's own request: a colleague is not shown someone else's contact details. */
  contact: { name: string; email: string; phone: string } | null;
  /** The language of the user's own last request: the modal's first guess until Slack says (same rule as contact). */
  locale: Locale | null;
}

/** Each requester's latest request in a channel: what any user's pre-fill there is chosen from. */
export interface ChannelPrefillRow {
  requesterUserId: string;
  vendorOrgNumber: string;
  vendorOrgName: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  locale: Locale;
  createdAt: Date;
}

/**
 * The latest request of each requester in each of these channels, newest first, per channel in the
 * same order (a channel holds one vendor's few people; capped all the same). One read serves every
 * user's pre-fill there (see pickIntakePrefill).
 */
export async function findChannelPrefillRowsOf(db: Executor, channelIds: string[]): Promise<ChannelPrefillRow[][]> {
  const ids = [...new Set(channelIds)];
  const rows = await db
    .selectDistinctOn([requests.channelId, requests.requesterUserId], {
      channelId: requests.channelId,
      requesterUserId: requests.requesterUserId,
      vendorOrgNumber: requests.vendorOrgNumber,
      vendorOrgName: requests.vendorOrgName,
      contactName: requests.contactName,
      contactEmail: requests.contactEmail,
      contactPhone: requests.contactPhone,
      locale: requests.locale,
      createdAt: requests.createdAt,
    })
    .from(requests)
    .where(inArray(requests.channelId, ids))
    .orderBy(requests.channelId, requests.requesterUserId, desc(requests.createdAt))
    .limit(500 * ids.length);
  const byChannel = new Map<string, ChannelPrefillRow[]>();
  for (const { channelId, ...row } of rows) {
    const list = byChannel.get(channelId) ?? [];
    list.push(row);
    byChannel.set(channelId, list);
  }
  for (const list of byChannel.values()) list.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return channelIds.map((c) => byChannel.get(c) ?? []);
}

const prefillReaders = new WeakMap<object, GroupCommit<string, ChannelPrefillRow[]>>();

/**
 * A channel's pre-fill rows (see findChannelPrefillRowsOf). Reads that arrive together (a workshop's
 * vendors opening the modal at once, each in their own channel) share one statement: each statement
 * costs the app a round trip's CPU, and in a burst of 50 these reads were most of the statements.
 */
export function findChannelPrefillRows(db: Executor, channelId: string): Promise<ChannelPrefillRow[]> {
  return perDatabase(prefillReaders, db, () =>
    new GroupCommit({ write: (ids: string[]) => findChannelPrefillRowsOf(db, ids), maxInFlight: 2 }),
  ).write(channelId);
}

/**
 * What to pre-fill the intake modal with: the user's own last request in the channel, else the
 * channel's last one (organisation only: a colleague is not shown someone else's contact details).
 */
export function pickIntakePrefill(rows: readonly ChannelPrefillRow[], userId: string): IntakePrefill | undefined {
  const row = rows.find((r) => r.requesterUserId === userId) ?? rows[0];
  if (!row) return undefined;
  const own = row.requesterUserId === userId;
  return {
    vendorOrgNumber: row.vendorOrgNumber,
    vendorOrgName: row.vendorOrgName,
    contact: own && !!row.contactEmail ? { name: row.contactName, email: row.contactEmail, phone: row.contactPhone } : null,
    locale: own ? row.locale : null,
  };
}

/**
 * The ids of the other open requests for the same vendor and customer (whose cards name this one as
 * an overlap), at most 50: a request that closes drops off their cards.
 */
export async function findOpenOverlapIdsOf(db: Executor, r: Pick<RequestRow, 'id' | 'vendorOrgNumber' | 'customerOrgNumber'>): Promise<string[]> {
  const rows = await db
    .select({ id: requests.id })
    .from(requests)
    .where(
      and(
        eq(requests.vendorOrgNumber, r.vendorOrgNumber),
        sql`coalesce(${requests.customerOrgNumber}, '') = ${r.customerOrgNumber ?? ''}`,
        sql`${requests.id} <> ${r.id}`,
        inArray(requests.status, [...OPEN_STATUSES]),
      ),
    )
    .limit(50);
  return rows.map((x) => x.id);
}

/**
 * For each of these requests, the other open requests for the same vendor and customer (or vendor
 * and fictitious; they are in other channels), at most 5 each, by number, for staff to see on the
 * card: one statement for them all, which needs only the ids (so it runs alongside the read of the
 * requests themselves).
 */
export async function findOpenOverlapsOf(db: Executor, ids: string[]): Promise<Map<string, Pick<RequestRow, 'number' | 'channelId'>[]>> {
  const out = new Map<string, Pick<RequestRow, 'number' | 'channelId'>[]>();
  if (ids.length === 0) return out;
  const of = alias(requests, 'of');
  const rows = await db
    .select({ of: of.id, number: requests.number, channelId: requests.channelId })
    .from(requests)
    .innerJoin(
      of,
      and(
        inArray(of.id, [...new Set(ids)]),
        eq(requests.vendorOrgNumber, of.vendorOrgNumber),
        sql`coalesce(${requests.customerOrgNumber}, '') = coalesce(${of.customerOrgNumber}, '')`,
        sql`${requests.id} <> ${of.id}`,
      ),
    )
    // Qualified: OPEN_STATUSES_SQL's bare `status` would be ambiguous in this self-join.
    .where(inArray(requests.status, [...OPEN_STATUSES]))
    .orderBy(requests.number);
  for (const r of rows) {
    const list = out.get(r.of) ?? [];
    if (list.length < 5) list.push({ number: r.number, channelId: r.channelId });
    out.set(r.of, list);
  }
  return out;
}

/**
 * Applies `changes` only if the request is still in `expectedStatus`: the conditional update that
 * makes concurrent clicks move a request once. Returns the updated row, or undefined if it had moved.
 */
export async function updateRequestIfStatus(
  db: Executor,
  id: string,
  expectedStatus: Status,
  changes: Partial<NewRequestRow>,
): Promise<RequestRow | undefined> {
  const [row] = await db
    .update(requests)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(requests.id, id), eq(requests.status, expectedStatus)))
    .returning();
  return row;
}

/** Updates fields that are not part of the lifecycle (Slack message timestamps, register data). */
export async function updateRequest(
  db: Executor,
  id: string,
  changes: Partial<NewRequestRow>,
): Promise<RequestRow | undefined> {
  const [row] = await db
    .update(requests)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(requests.id, id))
    .returning();
  return row;
}


export interface SubmittedRequest {
  row: NewRequestRow & { submissionKey: string };
  event: { actorUserId: string; actorTeamId: string | null; details: Record<string, unknown> };
  /**
   * Outbox rows to queue with the request; `:id` in a dedupe key is replaced by the request's id.
   * `leased`: the row is leased at birth to the inserting instance (see `leaseMs`), which delivers it
   * at once instead of claiming it; only for a row that is first in its lane (nothing to wait for).
   */
  effects: { kind: string; dedupeKey: string; leased?: boolean }[];
  /** The lease of the `leased` rows (ms). Without it no row is leased: the outbox claims them all. */
  leaseMs?: number;
  /**
   * Queued for every other open request for the same pair (other channels: their cards show this
   * one too); `:other` in its key is replaced by that request's id, `:id` by the new request's.
   */
  overlapEffect: { kind: string; dedupeKey: string };
}

// The columns a submission sets, in the order of the statement below (drizzle key → SQL column).
const SUBMITTED_COLUMNS = [
  'status', 'accessType', 'vendorOrgNumber', 'vendorOrgName', 'vendorRegister', 'customerOrgNumber', 'customerOrgName',
  'customerRegister', 'verification', 'contactName', 'contactEmail', 'contactPhone', 'customerEmail', 'customerPhone',
  'productionDataAck', 'locale', 'requesterUserId', 'requesterTeamId', 'requesterEnterpriseId', 'channelId', 'submissionKey',
] as const satisfies readonly (keyof NewRequestRow)[];

/**
 * Inserts requests, each with its audit event and outbox rows, in ONE statement (data-modifying
 * CTEs over a JSON array: atomic, one round trip and one commit for the whole batch). The text never
 * changes, whatever the batch, so PostgreSQL plans it cheaply. Returns, per item, the new request,
 * or undefined when a unique key refused it (the same view submitted again, or an open request for
 * the same pair). Items must have distinct submission keys.
 */
export async function insertSubmittedRequests(
  db: Executor,
  items: SubmittedRequest[],
): Promise<(StoredRequest | undefined)[]> {
  const input = items.map((it, ord) => {
    const o: Record<string, unknown> = { ord };
    for (const k of SUBMITTED_COLUMNS) o[requests[k].name] = it.row[k] ?? null;
    o.actor_user_id = it.event.actorUserId;
    o.actor_team_id = it.event.actorTeamId;
    o.details = it.event.details;
    o.effects = it.effects.map((e) => ({ kind: e.kind, key: e.dedupeKey, leased: !!e.leased && it.leaseMs !== undefined }));
    o.lease_ms = it.leaseMs ?? null;
    o.overlap_kind = it.overlapEffect.kind;
    o.overlap_key = it.overlapEffect.dedupeKey;
    return o;
  });
  const result = await db.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as t(
        ord int, status request_status, access_type access_type, vendor_org_number text, vendor_org_name text, vendor_register jsonb,
        customer_org_number text, customer_org_name text, customer_register jsonb, verification text,
        contact_name text, contact_email text, contact_phone text, customer_email text, customer_phone text,
        production_data_ack boolean, locale locale, requester_user_id text, requester_team_id text,
        requester_enterprise_id text, channel_id text, submission_key text,
        actor_user_id text, actor_team_id text, details jsonb, effects jsonb, lease_ms int, overlap_kind text, overlap_key text)
    ), inserted as (
      insert into requests (status, access_type, vendor_org_number, vendor_org_name, vendor_register,
        customer_org_number, customer_org_name, customer_register, verification, contact_name, contact_email,
        contact_phone, customer_email, customer_phone, production_data_ack, locale, requester_user_id,
        requester_team_id, requester_enterprise_id, channel_id, submission_key)
      select status, access_type, vendor_org_number, vendor_org_name, vendor_register,
        customer_org_number, customer_org_name, customer_register, verification, contact_name, contact_email,
        contact_phone, customer_email, customer_phone, coalesce(production_data_ack, false), coalesce(locale, 'nb'),
        requester_user_id, requester_team_id, requester_enterprise_id, channel_id, submission_key
      from input order by ord
      on conflict do nothing
      returning *
    ), audited as (
      insert into request_events (request_id, kind, actor_user_id, actor_team_id, to_status, details)
      select i.id, 'submitted', input.actor_user_id, input.actor_team_id, i.status, input.details
      from inserted i join input on input.submission_key = i.submission_key
      order by input.ord
      returning *
    ), queued as (
      insert into outbox (request_id, kind, dedupe_key, attempts, locked_until, lease_token)
      select i.id, e.kind, replace(e.key, ':id', i.id::text),
        case when e.leased then 1 else 0 end,
        case when e.leased then now() + input.lease_ms * interval '1 millisecond' end,
        case when e.leased then gen_random_uuid() end
      from inserted i join input on input.submission_key = i.submission_key,
        rows from (jsonb_to_recordset(input.effects) as (kind text, key text, leased boolean)) with ordinality as e(kind, key, leased, n)
      order by input.ord, e.n
      on conflict do nothing
      returning id, request_id, kind, dedupe_key, lease_token, locked_until, created_at
    ), others as (
      -- Other channels' open requests for the same pair (the new ones are not in this snapshot).
      select i.id as new_id, o.id, o.number, o.channel_id
      from inserted i, lateral (
        select id, number, channel_id from requests
        where vendor_org_number = i.vendor_org_number
          and coalesce(customer_org_number, '') = coalesce(i.customer_org_number, '')
          and ${OPEN_STATUSES_SQL}
      ) o
    ), overlapping as (
      -- Their cards now show this one too.
      insert into outbox (request_id, kind, dedupe_key)
      select o.id, input.overlap_kind, replace(replace(input.overlap_key, ':other', o.id::text), ':id', i.id::text)
      from others o join inserted i on i.id = o.new_id join input on input.submission_key = i.submission_key
      on conflict do nothing
      returning 1 as one
    )
    select input.ord, i.id, i.number, to_jsonb(i) as request,
      (select to_jsonb(a) from audited a where a.request_id = i.id) as event,
      (select coalesce(jsonb_agg(jsonb_build_object('number', o.number, 'channel_id', o.channel_id) order by o.number), '[]'::jsonb)
       from others o where o.new_id = i.id) as overlaps,
      (select coalesce(jsonb_agg(jsonb_build_object('id', q.id, 'kind', q.kind, 'dedupe_key', q.dedupe_key, 'token', q.lease_token,
                 'locked_until', q.locked_until, 'created_at', q.created_at) order by q.id), '[]'::jsonb)
       from queued q where q.request_id = i.id and q.lease_token is not null) as leased,
      exists (select 1 from overlapping) as overlapped
    from inserted i join input on input.submission_key = i.submission_key`);
  const out: (StoredRequest | undefined)[] = items.map(() => undefined);
  for (const r of z.array(insertedRow).parse(rowsOf(result))) {
    out[r.ord] = {
      id: r.id,
      number: r.number,
      request: rowFromJson(requests, r.request),
      event: rowFromJson(requestEvents, r.event),
      // As findOpenOverlapsOf: at most five, by number.
      overlaps: r.overlaps.slice(0, 5).map((o) => ({ number: o.number, channelId: o.channel_id })),
      leased: r.leased.map((l) => leasedRow(r.id, l)),
      overlapped: r.overlapped,
    };
  }
  return out;
}

/**
 * A new request as stored: the row and its audit event as the statement wrote them, the other open
 * requests for the same pair, and the outbox rows leased to this instance.
 */
export interface StoredRequest {
  id: string;
  number: number;
  request: RequestRow;
  event: RequestEventRow;
  overlaps: Pick<RequestRow, 'number' | 'channelId'>[];
  leased: OutboxRow[];
  /** Other requests' card updates were queued in the same statement (an overlap, in this batch). */
  overlapped: boolean;
}

const leasedJson = z.object({
  id: z.coerce.number().int(),
  kind: z.string(),
  dedupe_key: z.string(),
  token: z.string(),
  locked_until: z.coerce.date(),
  created_at: z.coerce.date(),
});

// PGlite may hand jsonb back as text.
const jsonb = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' ? JSON.parse(v) : v), schema);

const insertedRow = z.object({
  ord: z.coerce.number().int(),
  id: z.string(),
  number: z.coerce.number().int(),
  request: jsonb(z.record(z.string(), z.unknown())),
  event: jsonb(z.record(z.string(), z.unknown())),
  overlaps: jsonb(z.array(z.object({ number: z.number().int(), channel_id: z.string() }))),
  leased: jsonb(z.array(leasedJson)),
  overlapped: z.union([z.boolean(), z.enum(['t', 'true', 'f', 'false']).transform((s) => s === 't' || s === 'true')]),
});

/** The row as a claim would have returned it: leased, first attempt, no payload (a submission's effects carry none). */
function leasedRow(requestId: string, l: z.infer<typeof leasedJson>): OutboxRow {
  return {
    id: l.id,
    requestId,
    kind: l.kind,
    payload: {},
    dedupeKey: l.dedupe_key,
    status: 'pending',
    attempts: 1,
    nextAttemptAt: l.created_at,
    lockedUntil: l.locked_until,
    leaseToken: l.token,
    lastError: null,
    result: null,
    createdAt: l.created_at,
    doneAt: null,
  };
}

const submissionWriters = new WeakMap<object, GroupCommit<SubmittedRequest, StoredRequest | undefined>>();

/**
 * Inserts a new request with its audit event and outbox rows (see insertSubmittedRequests);
 * concurrent submissions share one statement. Returns nothing when a unique key refused it.
 */
export function insertSubmittedRequest(db: Executor, item: SubmittedRequest): Promise<StoredRequest | undefined> {
  return perDatabase(submissionWriters, db, () =>
    new GroupCommit({ write: (items) => insertSubmittedRequests(db, items), keyOf: (it) => it.row.submissionKey }),
  ).write(item);
}

export interface ClaimCommand {
  requestId: string;
  actorUserId: string;
  actorTeamId: string | null;
  /** The assignee the card showed (null: unassigned): a claim on an out-of-date card fails. */
  expectedAssignee: string | null;
  expectedStatus: Status | null;
  /** Queued with a claim (the card update); `:event` in its key is replaced by the audit event's id. */
  effect: { kind: string; dedupeKey: string };
  /**
   * With it, the effect is leased to this instance for this long (ms) when nothing else of its lane
   * waits for the request (the usual case: a card's updates seldom queue), and comes back in `leased`.
   */
  leaseMs?: number;
}

export interface ClaimOutcome {
  /** The request as it was before (undefined: no such request). */
  before?: { id: string; number: number; status: Status; assigneeUserId: string | null };
  claimed: boolean;
  /** The effect, leased to this instance (see `leaseMs`). */
  leased?: OutboxRow;
}

/**
 * Assigns each open request to its claimant if it is still assigned to the expected assignee (and
 * in the expected status), with its audit event and card update, in ONE statement for the batch:
 * a claim is the staff action clicked most, and each round trip costs. One claim per request.
 */
export async function claimRequests(db: Executor, claims: ClaimCommand[]): Promise<ClaimOutcome[]> {
  const input = claims.map((c, ord) => ({
    ord,
    request_id: c.requestId,
    actor_user_id: c.actorUserId,
    actor_team_id: c.actorTeamId,
    expected_assignee: c.expectedAssignee,
    expected_status: c.expectedStatus,
    effect_kind: c.effect.kind,
    effect_key: c.effect.dedupeKey,
    effect_lane: laneOf(c.effect.kind),
    lease_ms: c.leaseMs ?? null,
  }));
  const waiting = alias(outbox, 'waiting');
  const result = await db.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as t(
        ord int, request_id uuid, actor_user_id text, actor_team_id text, expected_assignee text, expected_status request_status,
        effect_kind text, effect_key text, effect_lane text, lease_ms int)
    ), current_row as (
      select r.id, r.number, r.status, r.assignee_user_id, input.ord
      from requests r join input on r.id = input.request_id
    ), updated as (
      update requests set assignee_user_id = input.actor_user_id, updated_at = now()
      from input
      where requests.id = input.request_id
        and ${OPEN_STATUSES_SQL}
        and (input.expected_status is null or status = input.expected_status)
        and assignee_user_id is not distinct from input.expected_assignee
        and assignee_user_id is distinct from input.actor_user_id
      returning requests.id
    ), audited as (
      insert into request_events (request_id, kind, actor_user_id, actor_team_id, details)
      select u.id,
             case when c.assignee_user_id is null then 'claimed' else 'taken_over' end,
             input.actor_user_id, input.actor_team_id,
             case when c.assignee_user_id is null then '{}'::jsonb else jsonb_build_object('from', c.assignee_user_id) end
      from updated u join current_row c on c.id = u.id join input on input.ord = c.ord
      order by c.ord
      returning id, request_id
    ), leasing as (
      -- Leased at once only when no row of its lane waits (or is under way) for the request. A row of
      -- another transaction not yet committed is not seen here; the outbox's claim covers that case:
      -- a lane with a row under way gives out no other (claimDue).
      select a.id as event_id, a.request_id, input.effect_kind, input.effect_key,
             input.lease_ms is not null and not exists (
               select 1 from outbox as waiting where waiting.request_id = a.request_id and waiting.status = 'pending'
                 and ${laneSql(waiting.kind)} = input.effect_lane
             ) as leased,
             input.lease_ms
      from audited a join input on input.request_id = a.request_id
    ), queued as (
      insert into outbox (request_id, kind, dedupe_key, attempts, locked_until, lease_token)
      select l.request_id, l.effect_kind, replace(l.effect_key, ':event', l.event_id::text),
             case when l.leased then 1 else 0 end,
             case when l.leased then now() + l.lease_ms * interval '1 millisecond' end,
             case when l.leased then gen_random_uuid() end
      from leasing l
      returning id, request_id, kind, dedupe_key, lease_token, locked_until, created_at
    )
    select c.ord, c.id, c.number, c.status, c.assignee_user_id,
           exists (select 1 from updated u where u.id = c.id) as claimed,
           q.id as outbox_id, q.kind as outbox_kind, q.dedupe_key as outbox_key, q.lease_token, q.locked_until, q.created_at as outbox_created_at
    from current_row c left join queued q on q.request_id = c.id and q.lease_token is not null`);
  const out: ClaimOutcome[] = claims.map(() => ({ claimed: false }));
  for (const r of z.array(claimedRow).parse(rowsOf(result))) {
    out[r.ord] = { before: { id: r.id, number: r.number, status: r.status, assigneeUserId: r.assignee_user_id }, claimed: r.claimed };
    if (r.outbox_id !== null && r.lease_token && r.locked_until && r.outbox_created_at) {
      out[r.ord]!.leased = leasedRow(r.id, {
        id: r.outbox_id,
        kind: r.outbox_kind!,
        dedupe_key: r.outbox_key!,
        token: r.lease_token,
        locked_until: r.locked_until,
        created_at: r.outbox_created_at,
      });
    }
  }
  return out;
}

/** A row of the claim statement, as either driver returns it (PGlite may give numbers and booleans as text). */
const claimedRow = z.object({
  ord: z.coerce.number().int(),
  id: z.string(),
  number: z.coerce.number().int(),
  status: z.enum(STATUSES),
  assignee_user_id: z.string().nullable(),
  claimed: z.union([z.boolean(), z.enum(['t', 'true', 'f', 'false']).transform((s) => s === 't' || s === 'true')]),
  outbox_id: z.coerce.number().int().nullable(),
  outbox_kind: z.string().nullable(),
  outbox_key: z.string().nullable(),
  lease_token: z.string().nullable(),
  locked_until: z.coerce.date().nullable(),
  outbox_created_at: z.coerce.date().nullable(),
});

const claimWriters = new WeakMap<object, GroupCommit<ClaimCommand, ClaimOutcome>>();

/** One claim (see claimRequests); concurrent claims on different requests share one statement. */
export function claimInOneStatement(db: Executor, claim: ClaimCommand): Promise<ClaimOutcome> {
  return perDatabase(claimWriters, db, () =>
    new GroupCommit({ write: (items) => claimRequests(db, items), keyOf: (c) => c.requestId }),
  ).write(claim);
}

/** Where a message the app posted landed: its timestamp and permalink. */
export interface Landed {
  id: string;
  ts: string;
  permalink: string | null;
}

const landedRow = z.object({ ord: z.coerce.number().int(), other: z.string().nullable() });

const receiptRecorders = new WeakMap<object, GroupCommit<Landed, { triageTs: string | null } | undefined>>();

/**
 * Records where the receipt landed; returns the card's timestamp as it stands (null: not posted yet).
 * Records that arrive together (a burst's receipts) share one statement.
 */
export function recordReceiptLanded(db: Executor, landed: Landed): Promise<{ triageTs: string | null } | undefined> {
  return perDatabase(receiptRecorders, db, () =>
    new GroupCommit({
      keyOf: (l: Landed) => l.id,
      write: async (items: Landed[]) => {
        const input = items.map((l, ord) => ({ ord, id: l.id, ts: l.ts, permalink: l.permalink }));
        const result = await db.execute(sql`
          update requests r set receipt_ts = v.ts, receipt_permalink = v.permalink, updated_at = now()
          from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as v(ord int, id uuid, ts text, permalink text)
          where r.id = v.id
          returning v.ord, r.triage_ts as other`);
        const out: ({ triageTs: string | null } | undefined)[] = items.map(() => undefined);
        for (const r of z.array(landedRow).parse(rowsOf(result))) out[r.ord] = { triageTs: r.other };
        return out;
      },
    }),
  ).write(landed);
}

const cardRecorders = new WeakMap<object, GroupCommit<Landed & { channelId: string }, { receiptPermalink: string | null } | undefined>>();

/** Records where the triage card landed; returns the receipt's permalink as it stands. Shared like the receipt's. */
export function recordCardLanded(
  db: Executor,
  landed: Landed & { channelId: string },
): Promise<{ receiptPermalink: string | null } | undefined> {
  return perDatabase(cardRecorders, db, () =>
    new GroupCommit({
      keyOf: (l: Landed) => l.id,
      write: async (items: (Landed & { channelId: string })[]) => {
        const input = items.map((l, ord) => ({ ord, id: l.id, ts: l.ts, channel_id: l.channelId, permalink: l.permalink }));
        const result = await db.execute(sql`
          update requests r set triage_ts = v.ts, triage_channel_id = v.channel_id, triage_permalink = v.permalink, updated_at = now()
          from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as v(ord int, id uuid, ts text, channel_id text, permalink text)
          where r.id = v.id
          returning v.ord, r.receipt_permalink as other`);
        const out: ({ receiptPermalink: string | null } | undefined)[] = items.map(() => undefined);
        for (const r of z.array(landedRow).parse(rowsOf(result))) out[r.ord] = { receiptPermalink: r.other };
        return out;
      },
    }),
  ).write(landed);
}
