/**
 * Client for Brønnøysundregistrene's open Enhetsregisteret API:
 *   GET {baseUrl}/enheter/{orgnr}
 *
 * Register faults are values, never exceptions: every lookup resolves to a
 * {@link RegisterLookup}. Definitive answers (found / not_found / removed) are
 * cached in memory with an expiry and a size bound; unavailable answers are
 * not cached. At most one HTTP request per number is in flight.
 *
 * Response shape (see brreg/openAPI specs/enhetsregisteret.json, schema
 * "Enhet"): organisasjonsnummer, navn, organisasjonsform {kode, beskrivelse,
 * _links}, konkurs, underAvvikling, underTvangsavviklingEllerTvangsopplosning,
 * registreringsdatoEnhetsregisteret, _links, … A deleted enhet is still 200,
 * but reduced to organisasjonsnummer, navn, organisasjonsform, slettedato and
 * _links — so the status flags are optional. 404 = unknown number,
 * 410 = "Enheten er fjernet" (removed for legal reasons).
 */
import { z } from 'zod';
import type { EnterpriseRegister, RegisterLookup } from '../app/ports.js';

export const DEFAULT_BASE_URL = 'https://data.brreg.no/enhetsregisteret/api';

export interface RegisterClientOptions {
  baseUrl: string | 'off';
  /** Upper bound for one HTTP request, body included. Default 1500 ms. */
  timeoutMs?: number;
  /** How long definitive answers are cached. Default 1 hour. */
  cacheTtlMs?: number;
  /** Cache size bound; the oldest entry is evicted first. Default 5000. */
  maxEntries?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 1500;
const DEFAULT_CACHE_TTL_MS = 60 * 60 * 1000;
const DEFAULT_MAX_ENTRIES = 5000;

/** Only the fields we use; zod objects drop unknown keys, so extra fields are fine. */
const enhetSchema = z.object({
  organisasjonsnummer: z.string(),
  navn: z.string(),
  organisasjonsform: z.object({ kode: z.string() }).nullish(),
  slettedato: z.string().nullish(),
  konkurs: z.boolean().nullish(),
  underAvvikling: z.boolean().nullish(),
  underTvangsavviklingEllerTvangsopplosning: z.boolean().nullish(),
  forretningsadresse: z.object({ poststed: z.string().nullish() }).nullish().catch(null),
  postadresse: z.object({ poststed: z.string().nullish() }).nullish().catch(null),
});

/** 'BRØNNØYSUND' → 'Brønnøysund', 'MO I RANA' → 'Mo i Rana': the register writes places in capitals. */
function placeName(raw: string | null | undefined): string | null {
  const s = raw?.trim();
  if (!s) return null;
  return s
    .toLowerCase()
    .split(/(\s+|-)/)
    .map((w) => (w === 'i' || w === 'på' || /^(\s+|-)$/.test(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

type Definitive = Extract<RegisterLookup, { kind: 'found' | 'not_found' | 'removed' }>;
type Unavailable = Extract<RegisterLookup, { kind: 'unavailable' }>;

const DISABLED: RegisterLookup = Object.freeze({ kind: 'disabled' });
const NOT_FOUND: RegisterLookup = Object.freeze({ kind: 'not_found' });
const REMOVED: RegisterLookup = Object.freeze({ kind: 'removed' });

function unavailable(reason: Unavailable['reason']): Unavailable {
  return { kind: 'unavailable', reason };
}

function isDefinitive(r: RegisterLookup): r is Definitive {
  return r.kind === 'found' || r.kind === 'not_found' || r.kind === 'removed';
}

function isTimeout(err: unknown, depth = 0): boolean {
  // AbortSignal.timeout() aborts with a DOMException named "TimeoutError";
  // depending on where the abort lands (headers vs body), undici may surface it
  // directly, as an AbortError, or as the cause of a TypeError.
  if (typeof err !== 'object' || err === null || depth > 3) return false;
  const { name, cause } = err as { name?: unknown; cause?: unknown };
  return name === 'TimeoutError' || name === 'AbortError' || isTimeout(cause, depth + 1);
}

export function parseEnhet(orgNumber: string, json: unknown): RegisterLookup {
  const parsed = enhetSchema.safeParse(json);
  if (!parsed.success) return unavailable('malformed');
  const e = parsed.data;
  // The register answers for the number we asked about; anything else is not trustworthy.
  if (e.organisasjonsnummer !== orgNumber) return unavailable('malformed');
  const slettedato = e.slettedato ?? null;
  return {
    kind: 'found',
    orgNumber: e.organisasjonsnummer,
    name: e.navn,
    orgForm: e.organisasjonsform?.kode ?? null,
    deleted: slettedato !== null,
    deletedOn: slettedato,
    bankrupt: e.konkurs === true,
    windingUp: e.underAvvikling === true || e.underTvangsavviklingEllerTvangsopplosning === true,
    place: placeName(e.forretningsadresse?.poststed ?? e.postadresse?.poststed),
  };
}

export function createRegisterClient(opts: RegisterClientOptions): EnterpriseRegister {
  if (opts.baseUrl === 'off') {
    return {
      lookup: () => Promise.resolve(DISABLED),
      peek: () => DISABLED,
    };
  }

  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const clientTimeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ttlMs = opts.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const maxEntries = Math.max(1, opts.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const now = opts.now ?? Date.now;
  // Resolve global fetch per call so it can be replaced after construction.
  const doFetch: typeof fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));

  // Map iteration order is insertion order: the first key is the oldest entry.
  const cache = new Map<string, { value: Definitive; expiresAt: number }>();
  const inFlight = new Map<string, Promise<RegisterLookup>>();

  function cached(orgNumber: string): Definitive | undefined {
    const entry = cache.get(orgNumber);
    if (!entry) return undefined;
    if (now() >= entry.expiresAt) {
      cache.delete(orgNumber);
      return undefined;
    }
    return entry.value;
  }

  function remember(orgNumber: string, value: Definitive): void {
    cache.delete(orgNumber);
    cache.set(orgNumber, { value, expiresAt: now() + ttlMs });
    while (cache.size > maxEntries) {
      const oldest = cache.keys().next();
      if (oldest.done) break;
      cache.delete(oldest.value);
    }
  }

  async function request(orgNumber: string): Promise<RegisterLookup> {
    const url = `${baseUrl}/enheter/${encodeURIComponent(orgNumber)}`;
    try {
      const res = await doFetch(url, {
        method: 'GET',
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(clientTimeoutMs),
      });
      if (res.status !== 200) {
        // Release the connection; we do not need the error body.
        await res.body?.cancel().catch(() => undefined);
        if (res.status === 404) return NOT_FOUND;
        if (res.status === 410) return REMOVED;
        return unavailable('http_error');
      }
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return unavailable('malformed');
      }
      return parseEnhet(orgNumber, json);
    } catch (err) {
      return unavailable(isTimeout(err) ? 'timeout' : 'network');
    }
  }

  function shared(orgNumber: string): Promise<RegisterLookup> {
    const existing = inFlight.get(orgNumber);
    if (existing) return existing;
    const p = request(orgNumber)
      .catch((): RegisterLookup => unavailable('network'))
      .then((result) => {
        if (isDefinitive(result)) remember(orgNumber, result);
        return result;
      })
      .finally(() => {
        inFlight.delete(orgNumber);
      });
    inFlight.set(orgNumber, p);
    return p;
  }

  return {
    peek(orgNumber) {
      return cached(orgNumber);
    },

    lookup(orgNumber, callOpts) {
      const hit = cached(orgNumber);
      if (hit) return Promise.resolve(hit);

      const pending = shared(orgNumber);
      const bound = callOpts?.timeoutMs;
      // The shared request is already bounded by the client timeout; only a
      // shorter per-call bound needs its own timer. The request keeps going
      // and fills the cache when it lands.
      if (bound === undefined || bound >= clientTimeoutMs) return pending;

      return new Promise<RegisterLookup>((resolve) => {
        const timer = setTimeout(() => resolve(unavailable('timeout')), Math.max(0, bound));
        void pending.then((result) => {
          clearTimeout(timer);
          resolve(result);
        });
      });
    },
  };
}
