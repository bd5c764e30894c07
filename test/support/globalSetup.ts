/**
 * Migrates one database before any test file runs; each file then gets a copy of it
 * (test/support/db.ts). A fresh PGlite spends seconds of CPU in initdb and a PostgreSQL database
 * runs every migration: once per run instead of once per file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/db/client.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of a migrated PGlite data directory (the PGlite pass). */
    pgliteDump: string;
    /** A migrated database on DATABASE_URL's server, the template of each file's (the PostgreSQL pass). */
    postgresTemplate: string;
  }
}

/** A migrated in-memory PGlite's data directory, as a tarball. */
async function migratedPgliteDump(): Promise<Blob> {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const client = new PGlite();
  try {
    // The migrator src/db/client.ts runs for PGlite, on the same folder.
    await migrate(drizzle(client), { migrationsFolder: fileURLToPath(new URL('../../migrations', import.meta.url)) });
    return await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const dir = await mkdtemp(path.join(tmpdir(), 'tt02-pglite-'));
    const file = path.join(dir, 'migrated.tar');
    await writeFile(file, Buffer.from(await (await migratedPgliteDump()).arrayBuffer()));
    project.provide('pgliteDump', file);
    project.provide('postgresTemplate', '');
    return () => rm(dir, { recursive: true, force: true });
  }
  const name = `tt02_template_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  // Through the app's own start-up path: the migrations exactly as production applies them.
  await (await openDatabase({ url: url.toString(), pgliteDir: 'memory://' })).close();
  project.provide('pgliteDump', '');
  project.provide('postgresTemplate', name);
  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
