import { describe, expect, it } from 'vitest';
import { en } from '../../src/domain/texts/en.js';
import { nb } from '../../src/domain/texts/nb.js';
import { statusLabel, texts } from '../../src/domain/texts/index.js';
import type { RequestRow } from '../../src/db/schema.js';
import { receiptMessage } from '../../src/slack/views/receiptMessage.js';
import { triageCard } from '../../src/slack/views/triageCard.js';
import { vendorNoteMessage } from '../../src/slack/views/vendorNote.js';
import { answerInfoModal, registerFnrModal } from '../../src/slack/views/staffModals.js';
import { requestRow } from '../support/requestRow.js';

/** Every string in a catalogue, functions called with placeholders. */
function allStrings(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (typeof x === 'function') {
    const out = (x as (...a: unknown[]) => unknown)('X', 'Y', 'Z', 'W');
    return allStrings(out);
  }
  if (Array.isArray(x)) return x.flatMap(allStrings);
  if (x && typeof x === 'object') return Object.values(x).flatMap(allStrings);
  return [];
}

describe('the words of the catalogue', () => {
  const bokmal = allStrings(nb).join('\n');
  const english = allStrings(en).join('\n');

  it('bokmål uses brreg’s word for a request ("bestilling") and plain words, not jargon', () => {
    expect(bokmal).not.toMatch(/forespørsel/i);
    expect(bokmal).not.toMatch(/triasje/i);
    expect(bokmal).not.toMatch(/registrert innloggingen/i);
    expect(bokmal).toContain('bestilling');
  });

  it('English names brreg and its register correctly, and the bot by its one handle', () => {
    expect(english).not.toMatch(/Norwegian Register Centre|Brønnøysundregistrene's/);
    expect(english).not.toMatch(/Central Coordinating Register(?! for Legal Entities)/);
    expect(english).toContain('the Brønnøysund Register Centre');
    expect(english).not.toContain('@TT02 access');
    expect(english).toContain('/invite @TT02-tilgang');
    expect(bokmal).toContain('/invite @TT02-tilgang');
    expect(english).not.toMatch(/triage channel/);
  });

  it('English explains "fødselsnummer" to the vendor the first time it appears', () => {
    expect(en.notes.fnrRegistered).toContain('national identity number (fødselsnummer)');
    expect(en.mail.confirmation.fnrIntro).toContain('national identity number (fødselsnummer) of your TT02 test user');
  });
});

const row = (over: Partial<RequestRow> = {}): RequestRow =>
  requestRow({
    number: 7,
    status: 'needs_info',
    pausedFrom: 'submitted',
    contactName: 'Kari',
    contactEmail: 'kari@l.no',
    customerEmail: 'k@k.no',
    openQuestion: 'Hvilket API?',
    ...over,
  });
const json = (x: unknown) => JSON.stringify(x);

describe.each([
  {
    locale: 'nb' as const,
    waiting: 'Venter på svar fra dere',
    created: 'Fiktiv virksomhet opprettet',
    readIn: 'Lest inn i TT02',
    ack: 'Leverandøren har krysset av for at de er kjent med',
    answerHint: 'vises ikke i kanalen',
    fnrWho: 'Kunden får det ikke',
  },
  {
    locale: 'en' as const,
    waiting: 'Waiting for your answer',
    created: 'Fictitious enterprise created',
    readIn: 'Read into TT02',
    ack: 'The vendor ticked that it knows',
    answerHint: 'is not shown in the channel',
    fnrWho: 'The customer does not get it',
  },
])('the views say what is true ($locale)', ({ locale, waiting, created, readIn, ack, answerHint, fnrWho }) => {
  it('the vendor reads its status in the second person; staff read about "the vendor"', () => {
    const receipt = receiptMessage({ id: row().id, number: 7, status: 'needs_info', accessType: 'customer_delegation', vendorOrgName: 'Leverandør AS', requesterUserId: 'U1', locale });
    expect(json(receipt.blocks)).toContain(waiting);
    expect(json(triageCard({ request: row(), events: [], mail: null }, locale).blocks)).toContain(texts(locale).status.needs_info);
  });

  it('the Altinn step’s status fits the access type, on the receipt and on the card', () => {
    expect(statusLabel(texts(locale), 'altinn_done', 'fictitious_enterprise', 'vendor')).toBe(created);
    expect(statusLabel(texts(locale), 'altinn_done', 'customer_delegation', 'vendor')).toBe(readIn);
    const card = triageCard({ request: row({ status: 'altinn_done', accessType: 'fictitious_enterprise', customerOrgNumber: null, productionDataAck: false }), events: [], mail: null }, locale);
    expect(json(card.blocks)).toContain(created);
    expect(json(card.blocks)).not.toContain(readIn);
  });

  it('the card says the vendor ticked the production-data box, not that the customer was informed', () => {
    const card = json(triageCard({ request: row(), events: [], mail: null }, locale).blocks);
    expect(card).toContain(ack);
    expect(card).not.toMatch(/Kunden er informert|The customer is aware/);
  });

  it('the answer modal says truthfully where the answer goes; the fødselsnummer modal who gets the number', () => {
    expect(json(answerInfoModal(row(), locale))).toContain(answerHint);
    expect(json(registerFnrModal(row({ status: 'altinn_done' }), locale))).toContain(fnrWho);
  });

  it('the confirmation note in the thread asks "Did this work for you?" with 👍 and 👎', () => {
    const note = vendorNoteMessage({ kind: 'confirmation_sent', recipientName: 'Kari' }, { id: row().id, accessType: 'customer_delegation', locale });
    expect(json(note.blocks)).toContain(texts(locale).feedback.question);
    expect(json(note.blocks)).toContain('feedback_up');
    expect(json(note.blocks)).toContain('feedback_down');
  });
});

describe('counts read as the language says them (Intl.PluralRules)', () => {
  it('one and many, in both languages', () => {
    expect(en.reports.altinn.recorded(1, 1)).toBe(
      'The Altinn step is recorded for 1 request. 1 was skipped: it had moved on, or is a fictitious enterprise that needs the organisation number (use the button on the card).',
    );
    expect(en.reports.altinn.recorded(2, 0)).toBe('The Altinn step is recorded for 2 requests.');
    expect(en.reports.altinn.recorded(3, 2)).toContain('3 requests. 2 were skipped: they had moved on, or are fictitious enterprises that need');
    expect(nb.reports.altinn.recorded(1, 1)).toBe(
      'Altinn-steget er registrert for 1 bestilling. 1 bestilling ble hoppet over: den hadde gått videre, eller er en fiktiv virksomhet som trenger organisasjonsnummeret (bruk knappen på kortet).',
    );
    expect(nb.reports.altinn.recorded(0, 2)).toContain('0 bestillinger. 2 bestillinger ble hoppet over: de hadde');
    expect(en.home.age(1)).toBe('1 working day');
    expect(en.home.age(0)).toBe('0 working days');
    expect(nb.home.age(1)).toBe('1 arbeidsdag');
    expect(nb.home.age(5)).toBe('5 arbeidsdager');
    expect(en.reports.altinn.intro(1)).toMatch(/^1 request is waiting/);
    expect(en.reports.altinn.intro(2)).toMatch(/^2 requests are waiting/);
    expect(nb.reports.altinn.fileComment(1, 'U')).toContain('med 1 bestilling,');
    expect(en.reports.reportComment('2026-11', 1)).toBe('Report for 2026-11: 1 request.');
    expect(en.reports.monthly.feedback(100, 1)).toBe('👍 in 100 % of 1 answer.');
    expect(nb.reports.monthly.feedback(50, 2)).toBe('👍 i 50 % av 2 tilbakemeldinger.');
  });
});

describe('texts that say what is true', () => {
  it('the fødselsnummer hint: a Tenor number as it is, any other (an ordinary D-number too) with the tick', () => {
    for (const hint of [nb.staff.fnrModal.hint, en.staff.fnrModal.hint]) expect(hint).not.toMatch(/og D-numre godtas|and D-numbers are accepted/);
    expect(en.staff.fnrModal.hint).toContain('an ordinary D-number too, needs the tick');
    expect(nb.staff.fnrModal.hint).toContain('også vanlige D-numre, krever at du krysser av');
  });

  it('a colleague at brreg who may not withdraw is told that staff can, not "Brønnøysundregistrene"', () => {
    expect(nb.vendor.onlyRequester).toBe('Bare den som sendte bestillingen, eller en saksbehandler, kan trekke den tilbake.');
    expect(en.vendor.onlyRequester).toBe('Only the person who sent the request, or a member of staff, can withdraw it.');
  });
});
