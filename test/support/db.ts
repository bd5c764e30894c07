import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/db/client.js';

export interface TestDatabase {
  database: Database;
  kind: 'postgres' | 'pglite';
  /** The fresh database's URL (PostgreSQL only), e.g. to start a second app instance on it. */
  url?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: with DATABASE_URL set (CI's PostgreSQL pass) a new
 * database on that server, dropped afterwards; otherwise embedded PGlite in memory. `server` picks
 * the PostgreSQL server explicitly (a test that needs one on either pass).
 */
export async function openTestDatabase(server = process.env.DATABASE_URL): Promise<TestDatabase> {
  if (!server) {
    const database = await openDatabase({ pgliteDir: 'memory://' });
    return { database, kind: 'pglite', drop: () => database.close() };
  }
  const name = `tt02_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
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
