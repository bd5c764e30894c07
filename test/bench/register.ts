/**
 * A small fake Enhetsregisteret for the register-on bursts, in the bench process: `GET
 * {url}/enheter/{orgnr}` answers, after a fixed latency (`--register-latency`, default 40 ms), every
 * valid (MOD11) number as a normal active enterprise, in the shape of data.brreg.no's open API
 * (schema "Enhet"; the shape copied from src/sandbox/register.ts); any other path or number is 404.
 * Both sides look the same numbers up here: the app (ENHETSREGISTERET_URL) and bare Bolt's
 * `tt02_intake_post_register` handler (bareBolt.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { orgCheckDigit } from './payloads.js';

export interface FakeRegister {
  /** The API base, as ENHETSREGISTERET_URL takes it: `http://127.0.0.1:PORT/enhetsregisteret/api`. */
  url: string;
  latencyMs: number;
  /** Look-ups answered so far (each side's count tells whether it looked every number up). */
  readonly lookups: number;
  close(): Promise<void>;
}

const LINK_BASE = 'https://data.brreg.no/enhetsregisteret/api';
const PATH = /^\/enhetsregisteret\/api\/enheter\/(\d{9})$/;

function isValidOrgNumber(n: string): boolean {
  return orgCheckDigit(n.slice(0, 8)) === Number(n[8]);
}

/** A normal active limited company (AS), as the register answers for one. */
export function activeEnhet(orgnr: string): object {
  return {
    organisasjonsnummer: orgnr,
    navn: `BENCHMARK LEVERANDØR ${orgnr} AS`,
    organisasjonsform: { kode: 'AS', beskrivelse: 'Aksjeselskap', _links: { self: { href: `${LINK_BASE}/organisasjonsformer/AS` } } },
    registreringsdatoEnhetsregisteret: '2016-04-12',
    registrertIMvaregisteret: true,
    naeringskode1: { kode: '62.010', beskrivelse: 'Programmeringstjenester' },
    antallAnsatte: 14,
    harRegistrertAntallAnsatte: true,
    forretningsadresse: { land: 'Norge', landkode: 'NO', postnummer: '0159', poststed: 'OSLO', adresse: ['Kirkegata 17'], kommune: 'OSLO', kommunenummer: '0301' },
    stiftelsesdato: '2016-03-30',
    institusjonellSektorkode: { kode: '2100', beskrivelse: 'Private aksjeselskaper mv.' },
    registrertIForetaksregisteret: true,
    registrertIStiftelsesregisteret: false,
    registrertIFrivillighetsregisteret: false,
    konkurs: false,
    underAvvikling: false,
    underTvangsavviklingEllerTvangsopplosning: false,
    maalform: 'Bokmål',
    aktivitet: [],
    _links: { self: { href: `${LINK_BASE}/enheter/${orgnr}` } },
  };
}

export function startFakeRegister(latencyMs: number): Promise<FakeRegister> {
  let lookups = 0;
  const server: Server = createServer((req, res) => {
    const orgnr = req.method === 'GET' ? PATH.exec(req.url ?? '')?.[1] : undefined;
    lookups += 1;
    setTimeout(() => {
      if (orgnr && isValidOrgNumber(orgnr)) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(activeEnhet(orgnr)));
        return;
      }
      const message = orgnr ? `Ingen enhet med organisasjonsnummer ${orgnr} ble funnet` : 'Not Found';
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ timestamp: new Date().toISOString(), status: 404, error: 'Not Found', message, path: req.url }));
    }, latencyMs);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/enhetsregisteret/api`,
        latencyMs,
        get lookups() {
          return lookups;
        },
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
