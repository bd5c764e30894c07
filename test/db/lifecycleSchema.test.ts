import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PLATFORMS } from '../../src/domain/address.js';
import { ACCESS_TYPES } from '../../src/domain/intake.js';
import { OPEN_STATUSES, STATUSES } from '../../src/domain/lifecycle.js';
import { LOCALES } from '../../src/domain/texts/index.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

// The domain owns the lifecycle; the migrations must agree with it. These read the migrated
// database itself (pg_enum, pg_indexes), so a migration that drifts from domain/ fails here.
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.drop());

/** Rows from db.execute: postgres.js returns an array, PGlite an object with `rows`. */
const rows = (result: unknown): unknown[] =>
  Array.isArray(result) ? result : z.object({ rows: z.array(z.unknown()) }).parse(result).rows;

async function enumLabels(name: string): Promise<string[]> {
  const result = await t.database.db.execute(sql`
    select e.enumlabel as label from pg_enum e join pg_type ty on ty.oid = e.enumtypid
    where ty.typname = ${name} order by e.enumsortorder`);
  return z.array(z.object({ label: z.string() })).parse(rows(result)).map((r) => r.label);
}

describe('the migrated schema follows the domain', () => {
  it("the status enum lists exactly the lifecycle's statuses, in its order", async () => {
    expect(await enumLabels('request_status')).toEqual([...STATUSES]);
  });

  it('the access type and locale enums list exactly the domain’s values', async () => {
    expect(await enumLabels('access_type')).toEqual([...ACCESS_TYPES]);
    expect(await enumLabels('locale')).toEqual([...LOCALES]);
  });

  it('every request has a platform, and the rows from before Teams are Slack’s (the column was added with that default)', async () => {
    expect(await enumLabels('platform')).toEqual([...PLATFORMS]);
    const result = await t.database.db.execute(
      sql`select column_default, is_nullable from information_schema.columns where table_name = 'requests' and column_name = 'platform'`,
    );
    expect(rows(result)).toEqual([{ column_default: "'slack'::platform", is_nullable: 'NO' }]);
  });

  it("the partial unique index for open requests covers exactly the domain's open statuses", async () => {
    const result = await t.database.db.execute(
      sql`select indexdef from pg_indexes where tablename = 'requests' and indexname = 'requests_open_pair_channel_key'`,
    );
    const [index] = z.array(z.object({ indexdef: z.string() })).parse(rows(result));
    expect(index).toBeDefined();
    const predicate = index!.indexdef.split(' WHERE ')[1] ?? '';
    const statuses = [...predicate.matchAll(/'(\w+)'/g)].map((m) => m[1]);
    expect([...statuses].sort()).toEqual([...OPEN_STATUSES].sort());
  });

  it('status, paused_from, access_type, locale and the audit statuses are enum columns', async () => {
    const result = await t.database.db.execute(sql`
      select table_name, column_name, udt_name from information_schema.columns
      where table_schema = 'public' and column_name in ('status', 'paused_from', 'access_type', 'locale', 'from_status', 'to_status')
        and table_name in ('requests', 'request_events') order by table_name, column_name`);
    const cols = z.array(z.object({ table_name: z.string(), column_name: z.string(), udt_name: z.string() })).parse(rows(result));
    expect(cols.map((c) => `${c.table_name}.${c.column_name}:${c.udt_name}`)).toEqual([
      'request_events.from_status:request_status',
      'request_events.to_status:request_status',
      'requests.access_type:access_type',
      'requests.locale:locale',
      'requests.paused_from:request_status',
      'requests.status:request_status',
    ]);
  });
});
