/**
 * A small local Enhetsregisteret for the sandbox, so that the intake modal's look-up ("the answer
 * shows as it is typed") works offline. The sandbox's page server answers
 * `GET /enhetsregisteret/api/enheter/{orgnr}` from here, in the shape of data.brreg.no's open API
 * (brreg/openAPI specs/enhetsregisteret.json, schema "Enhet"):
 * - 200 with the enhet; a deleted one is still 200, reduced to organisasjonsnummer, navn,
 *   organisasjonsform, slettedato and _links;
 * - 404 for a number the register does not know;
 * - 410 for an enhet removed for legal reasons ("Enheten er fjernet").
 *
 * The enterprises are invented (valid MOD11 numbers, real-looking names); no person is in them.
 * The README's "Try it locally" lists them: keep the two in step.
 */

export interface SandboxEnterprise {
  orgNumber: string;
  name: string;
  /** What a newcomer sees when typing it (for the README and the tests). */
  shows: string;
  orgForm?: { kode: string; beskrivelse: string };
  /** The business address's place, in the register's capitals. */
  place?: { postnummer: string; poststed: string; kommune: string; kommunenummer: string; adresse: string };
  /** Næringskode 1: what the enterprise does. Default: programming services. */
  naering?: { kode: string; beskrivelse: string };
  konkurs?: boolean;
  underAvvikling?: boolean;
  /** Deleted: the register answers with the reduced shape. */
  slettedato?: string;
  /** Removed for legal reasons: the register answers 410. */
  removed?: boolean;
}

const AS = { kode: 'AS', beskrivelse: 'Aksjeselskap' };

export const SANDBOX_ENTERPRISES: readonly SandboxEnterprise[] = [
  {
    orgNumber: '921638450',
    name: 'ACME SYSTEMER AS',
    shows: 'the vendor of the sandbox, in Oslo',
    place: { postnummer: '0159', poststed: 'OSLO', kommune: 'OSLO', kommunenummer: '0301', adresse: 'Kirkegata 17' },
  },
  {
    orgNumber: '927381060',
    name: 'FJORDKODE AS',
    shows: 'a software house in Bergen; works as a customer too',
    place: { postnummer: '5003', poststed: 'BERGEN', kommune: 'BERGEN', kommunenummer: '4601', adresse: 'Strandkaien 2' },
  },
  {
    orgNumber: '915564208',
    name: 'HAVBRIS BAKERI AS',
    shows: 'bankrupt (konkurs): a warning under the field, but the request can be sent',
    place: { postnummer: '6002', poststed: 'ÅLESUND', kommune: 'ÅLESUND', kommunenummer: '1508', adresse: 'Apotekergata 5' },
    naering: { kode: '10.710', beskrivelse: 'Produksjon av brød og ferske konditorvarer' },
    konkurs: true,
  },
  {
    orgNumber: '926405195',
    name: 'SETESDAL TREBÅT AS',
    shows: 'being wound up (under avvikling): a warning, but the request can be sent',
    place: { postnummer: '4735', poststed: 'EVJE', kommune: 'EVJE OG HORNNES', kommunenummer: '4219', adresse: 'Verksvegen 8' },
    naering: { kode: '30.120', beskrivelse: 'Bygging av fritidsbåter' },
    underAvvikling: true,
  },
  {
    orgNumber: '931722689',
    name: 'NORDLYS REGNSKAP AS',
    shows: 'deleted (slettet) in the register: the request is refused',
    slettedato: '2023-06-30',
  },
  {
    orgNumber: '918847332',
    name: 'FJERNET ENHET',
    shows: 'removed from the register (410): the request is refused',
    removed: true,
  },
];

const LINK_BASE = 'https://data.brreg.no/enhetsregisteret/api';

function errorBody(status: number, error: string, message: string, path: string): string {
  return JSON.stringify({ timestamp: new Date().toISOString(), status, error, message, path });
}

/** The register's answer for `GET …/enheter/{orgnr}`: status and JSON body. */
export function registerAnswer(orgnr: string, path: string): { status: number; body: string } {
  const e = SANDBOX_ENTERPRISES.find((x) => x.orgNumber === orgnr);
  if (!e) return { status: 404, body: errorBody(404, 'Not Found', `Ingen enhet med organisasjonsnummer ${orgnr} ble funnet`, path) };
  if (e.removed) return { status: 410, body: JSON.stringify({ organisasjonsnummer: orgnr, slettedato: '2021-03-01' }) };
  const form = { ...(e.orgForm ?? AS), _links: { self: { href: `${LINK_BASE}/organisasjonsformer/${(e.orgForm ?? AS).kode}` } } };
  const _links = { self: { href: `${LINK_BASE}/enheter/${orgnr}` } };
  if (e.slettedato) {
    return { status: 200, body: JSON.stringify({ organisasjonsnummer: orgnr, navn: e.name, organisasjonsform: form, slettedato: e.slettedato, _links }) };
  }
  const p = e.place;
  const forretningsadresse = p
    ? { land: 'Norge', landkode: 'NO', postnummer: p.postnummer, poststed: p.poststed, adresse: [p.adresse], kommune: p.kommune, kommunenummer: p.kommunenummer }
    : undefined;
  return {
    status: 200,
    body: JSON.stringify({
      organisasjonsnummer: orgnr,
      navn: e.name,
      organisasjonsform: form,
      registreringsdatoEnhetsregisteret: '2016-04-12',
      registrertIMvaregisteret: true,
      naeringskode1: e.naering ?? { kode: '62.010', beskrivelse: 'Programmeringstjenester' },
      antallAnsatte: 14,
      harRegistrertAntallAnsatte: true,
      ...(forretningsadresse ? { forretningsadresse } : {}),
      stiftelsesdato: '2016-03-30',
      institusjonellSektorkode: { kode: '2100', beskrivelse: 'Private aksjeselskaper mv.' },
      registrertIForetaksregisteret: true,
      registrertIStiftelsesregisteret: false,
      registrertIFrivillighetsregisteret: false,
      konkurs: e.konkurs ?? false,
      ...(e.konkurs ? { konkursdato: '2025-11-03' } : {}),
      underAvvikling: e.underAvvikling ?? false,
      ...(e.underAvvikling ? { underAvviklingDato: '2025-09-15' } : {}),
      underTvangsavviklingEllerTvangsopplosning: false,
      maalform: 'Bokmål',
      aktivitet: [],
      _links,
    }),
  };
}
