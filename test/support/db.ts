import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database, type Db } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';

export interface TestDatabase {
  database: Database;
  kind: 'postgres' | 'pglite';
  /** The fresh database's URL (PostgreSQL only), e.g. to start a second app instance on it. */
  url?: string;
  drop(): Promise<void>;
}

/** What globalSetup provided (empty outside a vitest run, e.g. a script importing the helpers). */
function provided(key: 'pgliteDump' | 'postgresTemplate'): string {
  try {
    return inject(key) ?? '';
  } catch {
    return '';
  }
}

/** An in-memory PGlite loaded from the migrated dump: no initdb, no migrations to run. */
async function clonePglite(dump: string): Promise<Database> {
  const [{ PGlite }, { drizzle }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
  const client: PGlite = new PGlite({ loadDataDir: new Blob([await readFile(dump)]) });
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    ping: async () => {
      try {
        await db.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}

/**
 * A fresh, migrated database for one test file: with DATABASE_URL set (CI's PostgreSQL pass) a new
 * database on that server, dropped afterwards; otherwise embedded PGlite in memory. `server` picks
 * the PostgreSQL server explicitly (a test that needs one on either pass). Both are copies of the
 * database test/support/globalSetup.ts migrated once for the run, when it did; openDatabase still
 * runs (and finds nothing to apply in) the migrations on PostgreSQL.
 */
export async function openTestDatabase(server = process.env.DATABASE_URL): Promise<TestDatabase> {
  if (!server) {
    const dump = provided('pgliteDump');
    const database = dump && existsSync(dump) ? await clonePglite(dump) : await openDatabase({ pgliteDir: 'memory://' });
    return { database, kind: 'pglite', drop: () => database.close() };
  }
  const name = `tt02_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  // The template lives on DATABASE_URL's server: a test that names another server migrates its own.
  const template = server === process.env.DATABASE_URL ? provided('postgresTemplate') : '';
  await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), pgliteDir: 'memory://' });
  return {
    database,
    kind: 'postgres',
    url: url.toString(),
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
