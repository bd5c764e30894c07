import { describe, expect, it } from 'vitest';
import type { IExecuteAction, ITextBlock } from '@microsoft/teams.cards';
import type { CardData } from '../../../src/app/loadCard.js';
import { maskFnr } from '../../../src/domain/fnr.js';
import { texts } from '../../../src/domain/texts/index.js';
import { CARD_VERB, teamsTriageCard } from '../../../src/teams/views/triageCard.js';
import { requestRow } from '../../support/requestRow.js';

const FNR = '01018012345';
const card = (over: Parameters<typeof requestRow>[0] = {}, extra: Partial<CardData> = {}) =>
  teamsTriageCard({ request: requestRow({ number: 42, ...over }), events: [], mail: null, ...extra }, 'nb');
const json = (c: ReturnType<typeof card>) => JSON.stringify(c);
const actions = (c: ReturnType<typeof card>) => (c.actions ?? []) as IExecuteAction[];
const blocks = (c: ReturnType<typeof card>) => c.body.filter((b): b is ITextBlock => b.type === 'TextBlock').map((b) => b.text);

describe('the triage card in Teams', () => {
  it('is an Adaptive Card 1.5 with the reference, the vendor and the facts, texts from the catalogue', () => {
    const c = card();
    const t = texts('nb');
    expect(c).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(blocks(c)[0]).toBe('TT02-0042 · Leverandør AS');
    expect(json(c)).toContain(t.card.status);
    expect(json(c)).toContain(t.accessType.customer_delegation);
    expect(json(c)).toContain('974 760 673');
    expect(json(c)).toContain(t.card.nobody);
  });

  it('every button is an Action.Execute with the step as verb, the request and its status as data, and an Action.Submit fallback', () => {
    const c = card();
    expect(actions(c).map((a) => a.verb)).toEqual([CARD_VERB.claim, CARD_VERB.assign, CARD_VERB.altinn, CARD_VERB.askInfo, CARD_VERB.reject, CARD_VERB.fixContact]);
    for (const a of actions(c)) {
      expect(a.type).toBe('Action.Execute');
      expect(a.data).toMatchObject({ r: requestRow().id, s: 'submitted' });
      expect(a.fallback).toMatchObject({ type: 'Action.Submit', title: a.title, data: { r: requestRow().id, s: 'submitted', verb: a.verb } });
    }
    expect(actions(c)[0]!.data).toEqual({ r: requestRow().id, s: 'submitted', x: '' });
  });

  it('offers only the steps the status allows: after Altinn, the fødselsnummer; closed cards have none', () => {
    expect(actions(card({ status: 'altinn_done', assigneeUserId: 'aad-1' })).map((a) => a.verb)).toContain(CARD_VERB.registerFnr);
    expect(actions(card({ status: 'altinn_done', assigneeUserId: 'aad-1' })).map((a) => a.verb)).not.toContain(CARD_VERB.altinn);
    expect(actions(card({ status: 'rejected', rejectionReason: 'Nei' }))).toEqual([]);
  });

  it('masks the fødselsnummer: the number itself never appears on the card', () => {
    const c = card({ status: 'fnr_registered', loginFnr: FNR, loginFnrKind: 'synthetic' });
    expect(json(c)).not.toContain(FNR);
    expect(blocks(c)).toContain(`**${texts('nb').card.loginFnr}**\n\n${maskFnr(FNR)}`);
  });

  it('shows typed text as typed: Markdown in a name or a question makes no link or bold text', () => {
    const c = card({ status: 'needs_info', pausedFrom: 'submitted', vendorOrgName: '**Evil** [click](https://evil.example)', openQuestion: 'Hvilken _kanal_?' });
    expect(JSON.stringify(c.body)).not.toContain('[click](https://evil.example)');
    expect(blocks(c)[0]).toContain('\\*\\*Evil\\*\\* \\[click\\]\\(https://evil.example\\)');
    expect(json(c)).toContain('Hvilken \\\\_kanal\\\\_?');
  });

  it("turns the catalogue's Slack mrkdwn into card Markdown: no :emoji: shortcodes, bold as **", () => {
    const c = card({ verification: 'not_verified' });
    expect(json(c)).not.toMatch(/:[a-z_]+:/);
    expect(json(c)).toContain('⚠️ **');
  });
});
