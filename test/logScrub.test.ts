import { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boltLogger, createLogger, slackLogger } from '../src/logger.js';
import { openTestDatabase, type TestDatabase } from './support/db.js';
import { startFakeSlack, type FakeSlack } from './support/fakeSlack.js';

const EMAIL = 'kari.logtest@acme.no';
const PHONE = '+4741234567';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return { lines, log: createLogger('trace', sink) };
}

describe('errors in the logs', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
    await db.database.db.execute(sql`create table probe (email text primary key, phone text check (phone not like '+47%'))`);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const failing = async (q: ReturnType<typeof sql>) => {
    try {
      await db.database.db.execute(q);
    } catch (err) {
      return err;
    }
    throw new Error('the query did not fail');
  };

  it('a unique violation is logged with its SQL state and constraint, not the parameters or the key PostgreSQL echoes', async () => {
    await db.database.db.execute(sql`insert into probe (email) values (${EMAIL})`);
    const err = await failing(sql`insert into probe (email) values (${EMAIL})`);
    const { lines, log } = capture();
    log.error({ err }, 'insert failed');
    const [line] = lines;
    expect(line).not.toContain(EMAIL);
    expect(line).not.toContain('params');
    expect(line).not.toContain('already exists');
    expect(JSON.parse(line!).err).toMatchObject({ type: 'DrizzleQueryError', code: '23505', constraint: 'probe_pkey', table: 'probe' });
    expect(JSON.parse(line!).err.message).toContain('Failed query: insert into probe');
  });

  it('a check violation does not log the failing row, and an invalid value is not quoted back', async () => {
    const check = await failing(sql`insert into probe (email, phone) values (${'other@acme.no'}, ${PHONE})`);
    const cast = await failing(sql`select ${EMAIL}::uuid`);
    const { lines, log } = capture();
    log.warn({ err: check }, 'check');
    log.warn({ err: cast }, 'cast');
    // Call sites that log only a message string are covered as well.
    log.warn({ err: `Error: ${(cast as Error).message}` }, 'as text');
    for (const line of lines) {
      expect(line).not.toContain(PHONE);
      expect(line).not.toContain(EMAIL);
      expect(line).not.toContain('other@acme.no');
      expect(line).not.toContain('Failing row');
    }
    expect(JSON.parse(lines[0]!).err).toMatchObject({ code: '23514', constraint: 'probe_phone_check' });
    expect(JSON.parse(lines[1]!).err).toMatchObject({ code: '22P02' });
  });
});

describe('Slack libraries in the logs', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack({ users: { UKARI: { real_name: 'Kari', phone: PHONE, email: EMAIL } } });
  });
  afterAll(async () => {
    await slack?.close();
  });

  it('a WebClient logging at trace writes the method names, never the request or response bodies', async () => {
    const { lines, log } = capture();
    const client = new WebClient('xoxb-test', { slackApiUrl: slack.url, logger: slackLogger(log, 'web-api') });
    await client.chat.postMessage({ channel: 'C1', text: `Kontakt ${EMAIL}, ${PHONE}` });
    await client.users.info({ user: 'UKARI' });
    const all = lines.join('\n');
    expect(all).toContain("apiCall('chat.postMessage') start");
    expect(all).toContain("apiCall('users.info') end");
    expect(all).toContain('http request body [payload omitted]');
    expect(all).not.toContain(EMAIL);
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('Kontakt');
  });

  it('Bolt’s and Socket Mode’s debug lines keep their label and lose the payload; errors passed alongside are serialised safely', () => {
    const { lines, log } = capture();
    const bolt = boltLogger(log);
    bolt.debug(JSON.stringify({ view: { state: { values: { contact_email: { contact_email: { value: EMAIL } } } } } }));
    bolt.debug(`ack() response sent (body: {"response_action":"errors","errors":{"contact_phone":"${PHONE}"}})`);
    bolt.debug(`Error details: Error: Failed query: update requests set login_fnr = $1\nparams: 01019012345, storedResponse: undefined`);
    bolt.debug(`Received a message on the WebSocket: {"payload":{"view":{"state":{"email":"${EMAIL}"}}}}`);
    bolt.error('An unhandled error occurred', Object.assign(new Error(`Failed query: select 1\nparams: ${EMAIL}`), { data: { error: 'x', email: EMAIL } }));
    const all = lines.join('\n');
    expect(all).not.toContain(EMAIL);
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('01019012345');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual([
      '[payload omitted]',
      'ack() response sent [payload omitted]',
      'Error details [payload omitted]',
      'Received a message on the WebSocket [payload omitted]',
      'An unhandled error occurred',
    ]);
  });
});
