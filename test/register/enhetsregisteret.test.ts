import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnterpriseRegister } from '../../src/app/ports.js';
import { createRegisterClient } from '../../src/register/enhetsregisteret.js';
import { enhet, startFakeRegister, type FakeRegister } from '../support/fakeRegister.js';

const ORG = '974760673';
const OTHER = '991825827';
const THIRD = '923609016';

let fake: FakeRegister;

beforeEach(async () => {
  fake = await startFakeRegister();
});

afterEach(async () => {
  await fake.close();
});

function client(extra: Partial<Parameters<typeof createRegisterClient>[0]> = {}): EnterpriseRegister {
  return createRegisterClient({ baseUrl: fake.url, timeoutMs: 2000, ...extra });
}

describe('lookup: register answers', () => {
  it('maps a 200 enhet to found and sends Accept: application/json', async () => {
    fake.set(ORG, { kind: 'ok', body: enhet({ organisasjonsnummer: ORG, navn: 'REGISTERENHETEN I BRØNNØYSUND' }) });

    await expect(client().lookup(ORG)).resolves.toEqual({
      kind: 'found',
      orgNumber: ORG,
      name: 'REGISTERENHETEN I BRØNNØYSUND',
      orgForm: 'AS',
      deleted: false,
      deletedOn: null,
      bankrupt: false,
      windingUp: false,
      place: 'Brønnøysund',
    });
    expect(fake.requests).toEqual([{ orgnr: ORG, accept: 'application/json' }]);
  });

  it('strips a trailing slash from baseUrl', async () => {
    fake.set(ORG, { kind: 'ok', body: enhet({ organisasjonsnummer: ORG, navn: 'X AS' }) });
    const r = await createRegisterClient({ baseUrl: `${fake.url}/` }).lookup(ORG);
    expect(r.kind).toBe('found');
    expect(fake.hits(ORG)).toBe(1);
  });

  it('treats the reduced deleted shape (slettedato) as found + deleted', async () => {
    fake.set(ORG, {
      kind: 'ok',
      body: enhet({
        organisasjonsnummer: ORG,
        navn: 'SLETTET ENHET AS',
        organisasjonsform: { kode: 'UTBG', beskrivelse: 'Frivillig registrert utleiebygg' },
        slettedato: '2017-10-20',
      }),
    });
    const body = enhet({ organisasjonsnummer: ORG, navn: 'n', slettedato: '2017-10-20' });
    expect(body).not.toHaveProperty('konkurs');

    await expect(client().lookup(ORG)).resolves.toEqual({
      kind: 'found',
      orgNumber: ORG,
      name: 'SLETTET ENHET AS',
      orgForm: 'UTBG',
      deleted: true,
      deletedOn: '2017-10-20',
      bankrupt: false,
      windingUp: false,
      place: null,
    });
  });

  it('maps konkurs, underAvvikling and tvangsavvikling', async () => {
    fake.set(ORG, { kind: 'ok', body: enhet({ organisasjonsnummer: ORG, navn: 'A', konkurs: true }) });
    fake.set(OTHER, { kind: 'ok', body: enhet({ organisasjonsnummer: OTHER, navn: 'B', underAvvikling: true }) });
    fake.set(THIRD, {
      kind: 'ok',
      body: enhet({ organisasjonsnummer: THIRD, navn: 'C', underTvangsavviklingEllerTvangsopplosning: true }),
    });
    const c = client();

    expect(await c.lookup(ORG)).toMatchObject({ kind: 'found', bankrupt: true, windingUp: false });
    expect(await c.lookup(OTHER)).toMatchObject({ kind: 'found', bankrupt: false, windingUp: true });
    expect(await c.lookup(THIRD)).toMatchObject({ kind: 'found', bankrupt: false, windingUp: true });
  });

  it('tolerates a missing organisasjonsform and extra fields', async () => {
    fake.set(ORG, {
      kind: 'ok',
      body: enhet({ organisasjonsnummer: ORG, navn: 'N', organisasjonsform: null, extra: { nyttFelt: { a: 1 } } }),
    });
    expect(await client().lookup(ORG)).toMatchObject({ kind: 'found', orgForm: null });
  });

  it('404 → not_found', async () => {
    fake.set(ORG, { kind: 'not_found' });
    await expect(client().lookup(ORG)).resolves.toEqual({ kind: 'not_found' });
  });

  it('an unprogrammed number is 404 → not_found', async () => {
    await expect(client().lookup(OTHER)).resolves.toEqual({ kind: 'not_found' });
  });

  it('410 → removed', async () => {
    fake.set(ORG, { kind: 'removed', slettedato: '2021-03-04' });
    await expect(client().lookup(ORG)).resolves.toEqual({ kind: 'removed' });
  });

  it('500 → unavailable/http_error, and it is not cached', async () => {
    fake.set(ORG, { kind: 'status', status: 500 });
    const c = client();
    await expect(c.lookup(ORG)).resolves.toEqual({ kind: 'unavailable', reason: 'http_error' });
    expect(c.peek(ORG)).toBeUndefined();
    await c.lookup(ORG);
    expect(fake.hits(ORG)).toBe(2);
  });

  it('other statuses (400, 503) → unavailable/http_error', async () => {
    fake.set(ORG, { kind: 'status', status: 400 });
    fake.set(OTHER, { kind: 'status', status: 503 });
    const c = client();
    expect(await c.lookup(ORG)).toEqual({ kind: 'unavailable', reason: 'http_error' });
    expect(await c.lookup(OTHER)).toEqual({ kind: 'unavailable', reason: 'http_error' });
  });

  it('malformed JSON → unavailable/malformed', async () => {
    fake.set(ORG, { kind: 'malformed' });
    await expect(client().lookup(ORG)).resolves.toEqual({ kind: 'unavailable', reason: 'malformed' });
  });

  it('valid JSON of the wrong shape → unavailable/malformed', async () => {
    fake.set(ORG, { kind: 'ok', body: { organisasjonsnummer: ORG } });
    fake.set(OTHER, { kind: 'ok', body: enhet({ organisasjonsnummer: OTHER, navn: 'X', extra: { konkurs: 'nei' } }) });
    fake.set(THIRD, { kind: 'ok', body: enhet({ organisasjonsnummer: ORG, navn: 'wrong number' }) });
    const c = client();
    expect(await c.lookup(ORG)).toEqual({ kind: 'unavailable', reason: 'malformed' });
    expect(await c.lookup(OTHER)).toEqual({ kind: 'unavailable', reason: 'malformed' });
    expect(await c.lookup(THIRD)).toEqual({ kind: 'unavailable', reason: 'malformed' });
    expect(c.peek(ORG)).toBeUndefined();
  });

  it('a slow register → unavailable/timeout within the client bound', async () => {
    fake.set(ORG, { kind: 'ok', body: enhet({ organisasjonsnummer: ORG, navn: 'SLOW' }), delayMs: 10_000 });
    const started = performance.now();
    const r = await client({ timeoutMs: 200 }).lookup(ORG);
    const elapsed = performance.now() - started;

    expect(r).toEqual({ kind: 'unavailable', reason: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(200 + 500);
  });

  it('a network failure → unavailable/network', async () => {
    const failing: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    const c = createRegisterClient({ baseUrl: fake.url, fetch: failing });
    await expect(c.lookup(ORG)).resolves.toEqual({ kind: 'unavailable', reason: 'network' });
  });

  it('a refused connection → unavailable/network', async () => {
    const dead = await startFakeRegister();
    const url = dead.url;
    await dead.close();
    await expect(createRegisterClient({ baseUrl: url }).lookup(ORG)).resolves.toEqual({
      kind: 'unavailable',
      reason: 'network',
    });
  });

  it("baseUrl 'off' → disabled, without any network", async () => {
    let called = 0;
    const spy: typeof fetch = () => {
      called++;
      return Promise.reject(new Error('must not be called'));
    };
    const c = createRegisterClient({ baseUrl: 'off', fetch: spy });
    await expect(c.lookup(ORG)).resolves.toEqual({ kind: 'disabled' });
    expect(c.peek(ORG)).toEqual({ kind: 'disabled' });
    expect(called).toBe(0);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('lookup: cache and sharing', () => {
  it('a second lookup is served from cache, and peek sees it', async () => {
    fake.set(ORG, { kind: 'ok', body: enhet({ organisasjonsnummer: ORG, navn: 'CACHED AS' }) });
    const c = client();
    expect(c.peek(ORG)).toBeUndefined();

    const first = await c.lookup(ORG);
    const second = await c.lookup(ORG);
    expect(second).toEqual(first);
    expect(fake.hits(ORG)).toBe(1);
    expect(c.peek(ORG)).toEqual(first);
  });

  it('caches not_found and removed too', async () => {
    fake.set(ORG, { kind: 'not_found' });
    fake.set(OTHER, { kind: 'removed' });
    const c = client();
    await c.lookup(ORG);
    await c.lookup(ORG);
    await c.lookup(OTHER);
    await c.lookup(OTHER);
    expect(fake.hits(ORG)).toBe(1);
    expect(fake.hits(OTHER)).toBe(1);
    expect(c.peek(ORG)).toEqual({ kind: 'not_found' });
    expect(c.peek(OTHER)).toEqual({ kind: 'removed' });
  });

  it('entries expire after cacheTtlMs (injected clock)', async () => {
    let t = 1_000_000;
    fake.set(ORG, { kind: 'ok', body: enhet({ organisasjonsnummer: ORG, navn: 'TTL AS' }) });
    const c = client({ cacheTtlMs: 60_000, now: () => t });

    await c.lookup(ORG);
    t += 59_999;
    await c.lookup(ORG);
    expect(fake.hits(ORG)).toBe(1);

    t += 1;
    expect(c.peek(ORG)).toBeUndefined();
    await c.lookup(ORG);
    expect(fake.hits(ORG)).toBe(2);
  });

  it('is bounded: the oldest entry is evicted first', async () => {
    for (const n of [ORG, OTHER, THIRD]) fake.set(n, { kind: 'ok', body: enhet({ organisasjonsnummer: n, navn: n }) });
    const c = client({ maxEntries: 2 });
    await c.lookup(ORG);
    await c.lookup(OTHER);
    await c.lookup(THIRD);
    expect(c.peek(ORG)).toBeUndefined();
    expect(c.peek(OTHER)).toMatchObject({ kind: 'found' });
    expect(c.peek(THIRD)).toMatchObject({ kind: 'found' });
  });

  it('concurrent lookups of one number make one HTTP call', async () => {
    fake.set(ORG, { kind: 'ok', body: enhet({ organisasjonsnummer: ORG, navn: 'ONCE AS' }), delayMs: 100 });
    const c = client();
    const results = await Promise.all([c.lookup(ORG), c.lookup(ORG), c.lookup(ORG, { timeoutMs: 1500 }), c.lookup(ORG)]);
    expect(fake.hits(ORG)).toBe(1);
    for (const r of results) expect(r).toMatchObject({ kind: 'found', name: 'ONCE AS' });
  });

  it('a shorter per-call bound times out, but the answer still fills the cache', async () => {
    fake.set(ORG, { kind: 'ok', body: enhet({ organisasjonsnummer: ORG, navn: 'LATE AS' }), delayMs: 300 });
    const c = client({ timeoutMs: 5000 });
    const answered = fake.answered(ORG);

    const started = performance.now();
    const quick = await c.lookup(ORG, { timeoutMs: 50 });
    expect(quick).toEqual({ kind: 'unavailable', reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(50 + 500);
    expect(c.peek(ORG)).toBeUndefined();

    await expect(answered).resolves.toBe(200);
    // Either joins the still-settling request or hits the cache — never a second call.
    const later = await c.lookup(ORG);
    expect(later).toMatchObject({ kind: 'found', name: 'LATE AS' });
    expect(c.peek(ORG)).toEqual(later);
    expect(fake.hits(ORG)).toBe(1);
  });
});
