/**
 * A local stand-in for Enhetsregisteret's open API (GET /enhetsregisteret/api/enheter/{orgnr}),
 * programmable per organisation number.
 *
 * Shapes follow the real register:
 * - 200: the "Enhet" object (brreg/openAPI specs/enhetsregisteret.json). A deleted enhet is
 *   still 200 but reduced to organisasjonsnummer, navn, organisasjonsform, slettedato, _links.
 * - 404: unknown number, JSON error body.
 * - 410: "Enheten er fjernet" (removed for legal reasons); body carries organisasjonsnummer
 *   and slettedato.
 * Unprogrammed numbers answer 404, like the register does.
 */
import { once, EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface EnhetInput {
  organisasjonsnummer: string;
  navn: string;
  /** `null` omits organisasjonsform entirely. Default AS / Aksjeselskap. */
  organisasjonsform?: { kode: string; beskrivelse: string } | null;
  /** When set, the body takes the reduced shape the register uses for deleted units. */
  slettedato?: string;
  konkurs?: boolean;
  underAvvikling?: boolean;
  underTvangsavviklingEllerTvangsopplosning?: boolean;
  registreringsdatoEnhetsregisteret?: string;
  /** The business address's place, in the register's capitals. Default BRØNNØYSUND. */
  poststed?: string;
  /** Extra or overriding fields, e.g. to break the shape. */
  extra?: Record<string, unknown>;
}

const LINK_BASE = 'https://data.brreg.no/enhetsregisteret/api';

/** A realistic 200 body for GET /enheter/{orgnr}. */
export function enhet(input: EnhetInput): Record<string, unknown> {
  const form =
    input.organisasjonsform === null
      ? undefined
      : {
          ...(input.organisasjonsform ?? { kode: 'AS', beskrivelse: 'Aksjeselskap' }),
          _links: {
            self: { href: `${LINK_BASE}/organisasjonsformer/${input.organisasjonsform?.kode ?? 'AS'}` },
          },
        };
  const self = { self: { href: `${LINK_BASE}/enheter/${input.organisasjonsnummer}` } };

  if (input.slettedato !== undefined) {
    return {
      organisasjonsnummer: input.organisasjonsnummer,
      navn: input.navn,
      ...(form ? { organisasjonsform: form } : {}),
      slettedato: input.slettedato,
      ...pickDefined({
        konkurs: input.konkurs,
        underAvvikling: input.underAvvikling,
        underTvangsavviklingEllerTvangsopplosning: input.underTvangsavviklingEllerTvangsopplosning,
      }),
      _links: self,
      ...input.extra,
    };
  }

  const adresse = {
    land: 'Norge',
    landkode: 'NO',
    postnummer: '8900',
    poststed: input.poststed ?? 'BRØNNØYSUND',
    adresse: ['Havnegata 48'],
    kommune: 'BRØNNØY',
    kommunenummer: '1813',
  };
  return {
    organisasjonsnummer: input.organisasjonsnummer,
    navn: input.navn,
    ...(form ? { organisasjonsform: form } : {}),
    postadresse: { ...adresse, postnummer: '8910', adresse: ['Postboks 900'] },
    registreringsdatoEnhetsregisteret: input.registreringsdatoEnhetsregisteret ?? '2017-10-20',
    registrertIMvaregisteret: true,
    naeringskode1: { kode: '62.020', beskrivelse: 'Konsulentvirksomhet tilknyttet informasjonsteknologi' },
    antallAnsatte: 12,
    harRegistrertAntallAnsatte: true,
    forretningsadresse: adresse,
    stiftelsesdato: '2017-10-01',
    institusjonellSektorkode: { kode: '2100', beskrivelse: 'Private aksjeselskaper mv.' },
    registrertIForetaksregisteret: true,
    registrertIStiftelsesregisteret: false,
    registrertIFrivillighetsregisteret: false,
    konkurs: input.konkurs ?? false,
    underAvvikling: input.underAvvikling ?? false,
    underTvangsavviklingEllerTvangsopplosning: input.underTvangsavviklingEllerTvangsopplosning ?? false,
    maalform: 'Bokmål',
    aktivitet: [],
    _links: self,
    ...input.extra,
  };
}

function pickDefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export type FakeAnswer =
  | { kind: 'ok'; body: unknown }
  | { kind: 'not_found' }
  | { kind: 'removed'; slettedato?: string }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'malformed' };

export type FakeBehaviour = FakeAnswer & { /** Hold the response back this long. */ delayMs?: number };

export interface FakeRequest {
  orgnr: string;
  accept: string | undefined;
}

export interface FakeRegister {
  /** Use as baseUrl, e.g. http://127.0.0.1:PORT/enhetsregisteret/api */
  readonly url: string;
  /** Program the answer for one number (replaces any earlier one). */
  set(orgnr: string, behaviour: FakeBehaviour): void;
  /** Requests received for a number so far. */
  hits(orgnr: string): number;
  readonly requests: readonly FakeRequest[];
  /** Emits ('answered', orgnr, status) once a response has been fully written. */
  readonly events: EventEmitter;
  /** Resolves with the status when the next answer for `orgnr` has been written. Call before triggering. */
  answered(orgnr: string): Promise<number>;
  close(): Promise<void>;
}

const PATH = /^\/enhetsregisteret\/api\/enheter\/([^/?#]+)\/?(?:[?#].*)?$/;

function errorBody(status: number, error: string, message: string, path: string): string {
  return JSON.stringify({ timestamp: new Date().toISOString(), status, error, message, path });
}

export async function startFakeRegister(): Promise<FakeRegister> {
  const behaviours = new Map<string, FakeBehaviour>();
  const hitCounts = new Map<string, number>();
  const requests: FakeRequest[] = [];
  const events = new EventEmitter();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function write(res: ServerResponse, orgnr: string, status: number, contentType: string, body: string): void {
    if (res.destroyed || res.writableEnded) return;
    res.on('finish', () => events.emit('answered', orgnr, status));
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  function answer(req: IncomingMessage, res: ServerResponse, orgnr: string, b: FakeBehaviour | undefined): void {
    const path = req.url ?? '';
    if (!b || b.kind === 'not_found') {
      write(res, orgnr, 404, 'application/json', errorBody(404, 'Not Found', `Ingen enhet med organisasjonsnummer ${orgnr} ble funnet`, path));
      return;
    }
    switch (b.kind) {
      case 'ok':
        write(res, orgnr, 200, 'application/json;charset=UTF-8', JSON.stringify(b.body));
        return;
      case 'removed':
        write(
          res,
          orgnr,
          410,
          'application/json',
          JSON.stringify({ organisasjonsnummer: orgnr, slettedato: b.slettedato ?? '2020-01-01' }),
        );
        return;
      case 'status':
        write(res, orgnr, b.status, 'application/json', b.body ?? errorBody(b.status, 'Error', 'Feil', path));
        return;
      case 'malformed':
        write(res, orgnr, 200, 'application/json;charset=UTF-8', `{"organisasjonsnummer":"${orgnr}","navn":`);
        return;
    }
  }

  const server = createServer((req, res) => {
    const m = PATH.exec(req.url ?? '');
    if (req.method !== 'GET' || !m?.[1]) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(errorBody(404, 'Not Found', 'No static resource', req.url ?? ''));
      return;
    }
    const orgnr = decodeURIComponent(m[1]);
    hitCounts.set(orgnr, (hitCounts.get(orgnr) ?? 0) + 1);
    requests.push({ orgnr, accept: req.headers.accept });
    const b = behaviours.get(orgnr);
    const delay = b?.delayMs ?? 0;
    if (delay <= 0) {
      answer(req, res, orgnr, b);
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer(req, res, orgnr, b);
    }, delay);
    timers.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/enhetsregisteret/api`,
    set(orgnr, behaviour) {
      behaviours.set(orgnr, behaviour);
    },
    hits(orgnr) {
      return hitCounts.get(orgnr) ?? 0;
    },
    requests,
    events,
    answered(orgnr) {
      return new Promise<number>((resolve) => {
        const listener = (o: string, status: number): void => {
          if (o !== orgnr) return;
          events.off('answered', listener);
          resolve(status);
        };
        events.on('answered', listener);
      });
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Slow or keep-alive sockets would hold close() open: destroy them.
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}
