import { describe, expect, it } from 'vitest';
import type { RequestEventRow } from '../../../src/db/schema.js';
import { triageCard } from '../../../src/slack/views/triageCard.js';
import { requestRow } from '../../support/requestRow.js';

const event = (i: number): RequestEventRow => ({
  id: i,
  requestId: requestRow().id,
  at: new Date(Date.UTC(2026, 10, 2, 9, i)),
  kind: i === 1 ? 'submitted' : 'vendor_replied',
  actorUserId: 'USTAFF001',
  actorTeamId: null,
  fromStatus: null,
  toStatus: null,
  details: {},
});
const timeline = (events: number, locale: 'nb' | 'en') =>
  JSON.stringify(triageCard({ request: requestRow({ number: 42 }), events: Array.from({ length: events }, (_, i) => event(i + 1)), mail: null }, locale).blocks);

describe("the card's timeline", () => {
  it('says how many earlier events it leaves out, and where to see them all', () => {
    expect(timeline(8, 'nb')).not.toContain('tidligere');
    expect(timeline(9, 'nb')).toContain('1 tidligere hendelse vises ikke her: hele historikken står i arkivdokumentet, `/tt02-access export TT02-0042`');
    expect(timeline(20, 'nb')).toContain('12 tidligere hendelser vises ikke her');
    expect(timeline(20, 'en')).toContain('12 earlier events are not shown here: the whole history is in the archive record, `/tt02-access export TT02-0042`');
    expect(timeline(9, 'en')).toContain('1 earlier event is not shown here');
  });
});

describe('addresses on the card', () => {
  it('flags an email domain written in punycode (xn--), for the contact and the customer', () => {
    const card = (contactEmail: string, customerEmail: string) =>
      JSON.stringify(triageCard({ request: requestRow({ contactEmail, customerEmail }), events: [], mail: null }, 'en').blocks);
    expect(card('kari@leverandor.no', 'post@kunden.no')).not.toContain('punycode');
    expect(card('kari@xn--brreg-ssa.no', 'post@kunden.no').match(/punycode \(xn--\)/g)).toHaveLength(1);
    expect(card('kari@leverandor.no', 'post@XN--kunden-9xa.no').match(/punycode \(xn--\)/g)).toHaveLength(1);
  });

  it('shows what people typed verbatim, so Slack does not parse it for mentions or links', () => {
    const { blocks } = triageCard({ request: requestRow({ status: 'needs_info', pausedFrom: 'submitted', openQuestion: 'Hvilken @kanal?' }), events: [], mail: null }, 'nb');
    const typed = JSON.stringify(blocks.filter((b) => JSON.stringify(b).includes('Hvilken') || b.type === 'section' && 'fields' in b));
    expect(typed).toContain('"verbatim":true');
    expect(typed).not.toContain('"verbatim":false');
  });
});

describe('other open requests for the same pair', () => {
  it('links a Slack one by its channel, and names Microsoft Teams for a Teams one (its conversation is no Slack channel)', () => {
    const overlaps = [
      { number: 7, channelId: 'CVENDOR02', platform: 'slack' as const },
      { number: 8, channelId: '19:acme-shared@thread.tacv2', platform: 'teams' as const },
    ];
    const card = JSON.stringify(triageCard({ request: requestRow({ number: 42 }), events: [], mail: null, overlaps }, 'en').blocks);
    expect(card).toContain('TT02-0007 (<#CVENDOR02>), TT02-0008 (Microsoft Teams)');
    expect(card).not.toContain('<#19:');
  });
});
