import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client.js';
import { OPEN_STATUSES_SQL, requests, type NewRequestRow, type RequestRow } from '../schema.js';

export async function findRequestById(db: Executor, id: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.id, id)).limit(1);
  return row;
}

export async function findRequestByNumber(db: Executor, number: number): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.number, number)).limit(1);
  return row;
}

export async function findRequestBySubmissionKey(db: Executor, key: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.submissionKey, key)).limit(1);
  return row;
}

/** The open request for the same vendor and customer (or vendor and fictitious), if any. */
export async function findOpenDuplicate(
  db: Executor,
  vendorOrgNumber: string,
  customerOrgNumber: string | null,
): Promise<RequestRow | undefined> {
  const [row] = await db
    .select()
    .from(requests)
    .where(
      and(
        eq(requests.vendorOrgNumber, vendorOrgNumber),
        sql`coalesce(${requests.customerOrgNumber}, '') = ${customerOrgNumber ?? ''}`,
        OPEN_STATUSES_SQL,
      ),
    )
    .limit(1);
  return row;
}

/**
 * Applies `changes` only if the request is still in `expectedStatus`: the conditional update that
 * makes concurrent clicks move a request once. Returns the updated row, or undefined if it had moved.
 */
export async function updateRequestIfStatus(
  db: Executor,
  id: string,
  expectedStatus: string,
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

/** Rows from db.execute: postgres.js returns an array, PGlite an object with `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const JSON_COLUMNS = new Set<keyof NewRequestRow>(['vendorRegister', 'customerRegister']);

/**
 * Inserts a new request, its audit event and its outbox rows in ONE statement (data-modifying CTEs:
 * atomic, one round trip: intake is the app's hottest write). Returns nothing when a unique key
 * refused the request (the same view submitted again, or an open request for the same pair).
 */
export async function insertSubmittedRequest(
  db: Executor,
  row: NewRequestRow,
  event: { actorUserId: string; actorTeamId: string | null; details: Record<string, unknown> },
  effects: { kind: string; dedupeKey: string }[],
): Promise<{ id: string; number: number } | undefined> {
  const keys = (Object.keys(row) as (keyof NewRequestRow)[]).filter((k) => row[k] !== undefined);
  const columns = sql.join(keys.map((k) => sql.identifier(requests[k].name)), sql`, `);
  const values = sql.join(
    keys.map((k) => (JSON_COLUMNS.has(k) ? sql`${row[k] === null ? null : JSON.stringify(row[k])}::jsonb` : sql`${row[k]}`)),
    sql`, `,
  );
  const effectRows = sql.join(effects.map((e) => sql`(${e.kind}, ${e.dedupeKey})`), sql`, `);
  const result = await db.execute(sql`
    with inserted as (
      insert into requests (${columns}) values (${values})
      on conflict do nothing
      returning id, number, status
    ), audited as (
      insert into request_events (request_id, kind, actor_user_id, actor_team_id, to_status, details)
      select id, 'submitted', ${event.actorUserId}, ${event.actorTeamId}, status, ${JSON.stringify(event.details)}::jsonb
      from inserted
    ), queued as (
      insert into outbox (request_id, kind, dedupe_key)
      select inserted.id, effect.kind, replace(effect.key, ':id', inserted.id::text)
      from inserted, (values ${effectRows}) as effect(kind, key)
      on conflict do nothing
    )
    select id, number from inserted`);
  const [first] = rowsOf<{ id: string; number: number | string }>(result);
  return first ? { id: first.id, number: Number(first.number) } : undefined;
}

export interface ClaimOutcome {
  /** The request as it was before (undefined: no such request). */
  before?: { id: string; number: number; status: string; assigneeUserId: string | null };
  claimed: boolean;
}

/**
 * Assigns an open request to `actorUserId` if it is still assigned to `expectedAssignee` (and in
 * `expectedStatus`), with its audit event and card update, in ONE statement: a claim is the staff
 * action clicked most, and each round trip costs.
 */
export async function claimInOneStatement(
  db: Executor,
  c: { requestId: string; actorUserId: string; actorTeamId: string | null; expectedAssignee: string | null; expectedStatus: string | null },
): Promise<ClaimOutcome> {
  const result = await db.execute(sql`
    with current_row as (
      select id, number, status, assignee_user_id from requests where id = ${c.requestId}
    ), updated as (
      update requests set assignee_user_id = ${c.actorUserId}, updated_at = now()
      where id = ${c.requestId}
        and ${OPEN_STATUSES_SQL}
        and (${c.expectedStatus}::text is null or status = ${c.expectedStatus}::text)
        and assignee_user_id is not distinct from ${c.expectedAssignee}::text
        and assignee_user_id is distinct from ${c.actorUserId}
      returning id
    ), audited as (
      insert into request_events (request_id, kind, actor_user_id, actor_team_id, details)
      select u.id,
             case when c.assignee_user_id is null then 'claimed' else 'taken_over' end,
             ${c.actorUserId}, ${c.actorTeamId},
             case when c.assignee_user_id is null then '{}'::jsonb else jsonb_build_object('from', c.assignee_user_id) end
      from updated u join current_row c on c.id = u.id
      returning id, request_id
    ), queued as (
      insert into outbox (request_id, kind, dedupe_key)
      select request_id, 'slack.card.update', 'card-update:' || request_id || ':' || id from audited
    )
    select id, number, status, assignee_user_id, (select count(*) from updated) as claimed from current_row`);
  const [row] = rowsOf<{ id: string; number: number | string; status: string; assignee_user_id: string | null; claimed: number | string }>(result);
  if (!row) return { claimed: false };
  return {
    before: { id: row.id, number: Number(row.number), status: row.status, assigneeUserId: row.assignee_user_id },
    claimed: Number(row.claimed) === 1,
  };
}
